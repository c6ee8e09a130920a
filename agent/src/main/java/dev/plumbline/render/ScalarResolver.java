package dev.plumbline.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Plain YAML scalars resolved as Kubernetes reads manifests: sigs.k8s.io/yaml decodes YAML 1.1 with go-yaml v2, then
 * goes through JSON into unstructured objects. So {@code yes}/{@code on}/{@code y} are booleans, {@code 0644} is the
 * octal 420, {@code 0x1F} is 31, {@code 1_000} is 1000, {@code 1e3} is the integer 1000 (a float that JSON prints
 * without a fraction is read back as an integer), {@code ~} is null, {@code 2001-12-14} stays a string, and
 * {@code .inf}/{@code .nan} are errors (JSON cannot hold them). Checked against {@code kubectl} by the scalar
 * fixtures under {@code src/test/resources/render/scalars}.
 *
 * <p>That is the reading of a plain folder (what the API server receives from {@code kubectl apply -f}). A folder
 * built with Kustomize is read as Kustomize reads it, go-yaml v3 ({@link #resolvePlainKustomize}): there
 * {@code yes}/{@code on} are strings and dates become timestamps, and that is what {@code kubectl kustomize} prints.
 */
final class ScalarResolver {

    /** Returned for {@code .inf}/{@code .nan}: valid YAML, but not representable in a Kubernetes object. */
    static final Object NOT_JSON = new Object() {
        @Override
        public String toString() {
            return "a value JSON cannot represent";
        }
    };

    private static final Map<String, Object> WORDS = new HashMap<>();
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern DOT_FLOAT = Pattern.compile("^\\.[0-9]+([eE][-+]?[0-9]+)?$");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    static {
        // go-yaml v2's resolve table (YAML 1.1).
        for (String w : new String[] {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
            WORDS.put(w, Boolean.TRUE);
        }
        for (String w : new String[] {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
            WORDS.put(w, Boolean.FALSE);
        }
        for (String w : new String[] {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                "-.inf", "-.Inf", "-.INF"}) {
            WORDS.put(w, NOT_JSON);
        }
    }

    private ScalarResolver() {
    }

    private static final Pattern DATE = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})$");
    private static final Pattern DATE_TIME = Pattern.compile(
            "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[Tt](\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})"
                    + "| (\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d+)?)$");

    /**
     * The value of an untagged plain scalar as Kustomize reads manifests (go-yaml v3, then JSON), which is how
     * {@code kubectl kustomize} prints it: only {@code true}/{@code false} (and their capitalised forms) are booleans
     * ({@code yes}, {@code on}, {@code y} stay strings), a timestamp ({@code 2001-12-14},
     * {@code 2001-12-14T21:59:43.10-05:00}, {@code 2001-12-14 21:59:43}) becomes its RFC 3339 text, and numbers and
     * null read as in {@link #resolvePlain}.
     */
    static Object resolvePlainKustomize(String s) {
        Object word = WORDS.get(s);
        if (word instanceof Boolean b) {
            return s.equals("true") || s.equals("True") || s.equals("TRUE") || s.equals("false") || s.equals("False")
                    || s.equals("FALSE") ? b : s;
        }
        if (s.length() >= 8 && Character.isDigit(s.charAt(0)) && s.charAt(4) == '-') {
            String timestamp = timestamp(s);
            if (timestamp != null) {
                return timestamp;
            }
        }
        return resolvePlain(s);
    }

    /** Go's {@code time.Time} JSON text of a YAML timestamp in one of go-yaml v3's layouts, or null. */
    private static String timestamp(String s) {
        java.util.regex.Matcher date = DATE.matcher(s);
        java.util.regex.Matcher full = date.matches() ? null : DATE_TIME.matcher(s);
        if (full != null && !full.matches()) {
            return null;
        }
        java.util.regex.Matcher m = full == null ? date : full;
        try {
            java.time.LocalDate day = java.time.LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            String time = "00:00:00";
            String fraction = null;
            String zone = "Z";
            if (full != null) {
                boolean t = full.group(4) != null;
                int h = Integer.parseInt(full.group(t ? 4 : 9));
                int min = Integer.parseInt(full.group(t ? 5 : 10));
                int sec = Integer.parseInt(full.group(t ? 6 : 11));
                java.time.LocalTime.of(h, min, sec); // Go refuses out-of-range parts too
                time = String.format("%02d:%02d:%02d", h, min, sec);
                fraction = full.group(t ? 7 : 12);
                String offset = t ? full.group(8) : "Z";
                zone = offset.equals("Z") || offset.equals("+00:00") || offset.equals("-00:00") ? "Z" : offset;
            }
            String frac = fraction == null ? "" : fraction.substring(1).replaceAll("0+$", "");
            frac = frac.length() > 9 ? frac.substring(0, 9).replaceAll("0+$", "") : frac;
            return day + "T" + time + (frac.isEmpty() ? "" : "." + frac) + zone;
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** The value of an untagged plain scalar: String, Long, Double, Boolean, null or {@link #NOT_JSON}. */
    static Object resolvePlain(String s) {
        if (s.isEmpty() || s.equals("~") || s.equals("null") || s.equals("Null") || s.equals("NULL")) {
            return null;
        }
        Object word = WORDS.get(s);
        if (word != null) {
            return word;
        }
        char c = s.charAt(0);
        if (c == '.') {
            return DOT_FLOAT.matcher(s).matches() ? jsonNumber(Double.parseDouble(s)) : s;
        }
        if ((c >= '0' && c <= '9') || c == '+' || c == '-') {
            Object number = number(s.replace("_", ""));
            return number == null ? s : number;
        }
        return s;
    }

    private static Object number(String plain) {
        BigInteger integer = parseGoInt(plain);
        if (integer != null) {
            if (integer.compareTo(LONG_MIN) >= 0 && integer.compareTo(LONG_MAX) <= 0) {
                return integer.longValue();
            }
            if (integer.signum() > 0 && integer.compareTo(ULONG_MAX) <= 0) {
                return integer.doubleValue(); // a uint64 beyond int64 comes back from JSON as a float
            }
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            double d = Double.parseDouble(plain);
            return Double.isInfinite(d) ? null : jsonNumber(d); // Go's ParseFloat rejects out-of-range values
        }
        return null;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} syntax: sign, 0x/0o/0b prefixes, a leading 0 for octal. */
    static BigInteger parseGoInt(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        if (body.length() > 2 && body.charAt(0) == '0' && "xXoObB".indexOf(body.charAt(1)) >= 0) {
            radix = switch (Character.toLowerCase(body.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            body = body.substring(2);
        } else if (body.length() > 1 && body.charAt(0) == '0') {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return null;
        }
        for (int k = 0; k < body.length(); k++) {
            if (Character.digit(body.charAt(k), radix) < 0) {
                return null;
            }
        }
        BigInteger value = new BigInteger(body, radix);
        return negative ? value.negate() : value;
    }

    /**
     * A float as it comes back from JSON: Go prints a float64 without a fraction below 1e21 as plain digits, and
     * Kubernetes' JSON decoding turns digits that fit an int64 into an integer.
     */
    static Object jsonNumber(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            BigInteger integer = new BigDecimal(d).toBigInteger();
            if (integer.compareTo(LONG_MIN) >= 0 && integer.compareTo(LONG_MAX) <= 0) {
                return integer.longValue();
            }
        }
        return d;
    }

    /**
     * A non-string mapping key as sigs.k8s.io/yaml turns it into a JSON key: booleans and integers print as such,
     * floats as Go's {@code strconv.FormatFloat(f, 'g', -1, 32)}.
     */
    static String keyString(Object key) {
        if (key instanceof String s) {
            return s;
        }
        if (key instanceof Boolean || key instanceof Long) {
            return key.toString();
        }
        if (key instanceof Double d) {
            return formatGoFloat32(d);
        }
        return null;
    }

    private static String formatGoFloat32(double value) {
        float f = (float) value;
        if (f == 0) {
            return (1 / f) < 0 ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(Float.toString(Math.abs(f))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exp = digits.length() - exact.scale() - 1; // decimal exponent of the first digit
        String sign = f < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String e = String.valueOf(Math.abs(exp));
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return sign + exact.toPlainString();
    }
}
