package dev.plumbline.render;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code configMapGenerator} and {@code secretGenerator}
 * (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/configmapgenerator/): entries from
 * {@code literals} ({@code KEY=value}, one pair of surrounding quotes removed), {@code files} ({@code path} or
 * {@code key=path}; a file that is not UTF-8 goes to a ConfigMap's {@code binaryData}) and {@code envs}
 * ({@code KEY=value} lines; a line without {@code =} would read the process environment in Kustomize, which a
 * GitOps render must not depend on, so it is an error). {@code behavior: merge / replace} updates a ConfigMap or
 * Secret an earlier level generated or declared. The content-hash suffix is added at the end of the build
 * ({@link ContentHash}).
 */
final class Generators {

    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private final Kustomization k;
    private final Patches.Loader loader;
    private final Problems problems;

    Generators(Kustomization k, Patches.Loader loader, Problems problems) {
        this.k = k;
        this.loader = loader;
        this.problems = problems;
    }

    void apply(List<Resource> resources) {
        for (Kustomization.GeneratorEntry g : k.configMapGenerator()) {
            generate(resources, g);
        }
        for (Kustomization.GeneratorEntry g : k.secretGenerator()) {
            generate(resources, g);
        }
    }

    private void generate(List<Resource> resources, Kustomization.GeneratorEntry g) {
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, byte[]> binary = new LinkedHashMap<>();
        if (!collect(g, text, binary)) {
            return;
        }
        Kustomization.GeneratorOptions options = g.options().over(k.generatorOptions());
        Resource generated = new Resource(body(g, options, text, binary), k.file(), g.line());
        generated.needsHashSuffix = !Boolean.TRUE.equals(options.disableNameSuffixHash());
        List<Resource> existing = resources.stream()
                .filter(r -> g.kind().equals(r.kind()) && r.group().isEmpty()
                        && r.hadId(g.name(), g.namespace() == null ? "" : g.namespace()))
                .toList();
        String id = g.kind() + "/" + g.name();
        if (g.behavior().equals("create")) {
            if (!existing.isEmpty()) {
                error(g, id + " already exists (from " + existing.get(0).location()
                        + "); use behavior: merge or replace");
                return;
            }
            resources.add(generated);
        } else if (existing.size() != 1) {
            error(g, "behavior: " + g.behavior() + " needs exactly one existing " + id + ", found " + existing.size()
                    + (existing.isEmpty() && !k.components().isEmpty() ? " (a kustomization's generators run before"
                    + " its components, as in Kustomize: they cannot merge into what a component generates)" : ""));
        } else {
            combine(existing.get(0), generated, g.behavior().equals("merge"));
        }
    }

    /** Kustomize keeps the existing object's identity and merges labels and annotations either way. */
    private static void combine(Resource old, Resource generated, boolean merge) {
        Map<String, Object> oldBody = old.body();
        Map<String, Object> newBody = generated.body();
        for (String field : List.of("data", "binaryData")) {
            Map<String, Object> combined = new LinkedHashMap<>(merge ? Values.map(oldBody.get(field)) : Map.of());
            combined.putAll(Values.map(newBody.get(field)));
            if (combined.isEmpty()) {
                oldBody.remove(field);
            } else {
                oldBody.put(field, combined);
            }
        }
        for (String field : List.of("labels", "annotations")) {
            Map<String, Object> fromNew = Values.map(Values.map(newBody.get("metadata")).get(field));
            if (!fromNew.isEmpty()) {
                Values.child(old.metadata(), field).putAll(fromNew);
            }
        }
        if (newBody.containsKey("immutable")) {
            oldBody.put("immutable", newBody.get("immutable"));
        }
        // Kustomize hashes the result only when both sides would be hashed: a ConfigMap listed under resources, or either
        // side with disableNameSuffixHash (in its options or generatorOptions), keeps its plain name
        old.needsHashSuffix = old.needsHashSuffix && generated.needsHashSuffix;
    }

    private Map<String, Object> body(Kustomization.GeneratorEntry g, Kustomization.GeneratorOptions options,
                                     Map<String, String> text, Map<String, byte[]> binary) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "v1");
        body.put("kind", g.kind());
        Map<String, Object> meta = Values.child(body, "metadata");
        meta.put("name", g.name());
        if (g.namespace() != null && !g.namespace().isEmpty()) {
            meta.put("namespace", g.namespace());
        }
        if (!options.labels().isEmpty()) {
            meta.put("labels", new LinkedHashMap<String, Object>(options.labels()));
        }
        if (!options.annotations().isEmpty()) {
            meta.put("annotations", new LinkedHashMap<String, Object>(options.annotations()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> binaryData = new LinkedHashMap<>();
        boolean secret = g.kind().equals("Secret");
        text.forEach((key, value) -> data.put(key, secret ? base64(value.getBytes(StandardCharsets.UTF_8)) : value));
        binary.forEach((key, value) -> (secret ? data : binaryData).put(key, base64(value)));
        if (secret || !data.isEmpty()) {
            body.put("data", data); // Kustomize always writes a Secret's data, a ConfigMap's only when non-empty
        }
        if (!binaryData.isEmpty()) {
            body.put("binaryData", binaryData);
        }
        if (secret) {
            body.put("type", g.type() == null || g.type().isEmpty() ? "Opaque" : g.type());
        }
        if (Boolean.TRUE.equals(options.immutable())) {
            body.put("immutable", true);
        }
        return body;
    }

    /** Kustomize's base64 for generated data: standard alphabet, wrapped at 70 columns when longer. */
    static String base64(byte[] bytes) {
        String encoded = Base64.getEncoder().encodeToString(bytes);
        if (encoded.length() < 70) {
            return encoded;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 70) {
            out.append(encoded, i, Math.min(i + 70, encoded.length())).append('\n');
        }
        return out.toString();
    }

    private boolean collect(Kustomization.GeneratorEntry g, Map<String, String> text, Map<String, byte[]> binary) {
        int before = problems.errorCount();
        for (Kustomization.Entry literal : g.literals()) {
            int eq = literal.value().indexOf('=');
            if (eq <= 0) {
                problems.error(k.file(), literal.line(), "literal `" + literal.value() + "` must be KEY=value");
                continue;
            }
            put(g, literal, literal.value().substring(0, eq), unquote(literal.value().substring(eq + 1)), text);
        }
        for (Kustomization.Entry file : g.files()) {
            readFile(g, file, text, binary);
        }
        for (Kustomization.Entry env : g.envs()) {
            readEnv(g, env, text);
        }
        return problems.errorCount() == before;
    }

    private void readFile(Kustomization.GeneratorEntry g, Kustomization.Entry entry, Map<String, String> text,
                          Map<String, byte[]> binary) {
        String spec = entry.value();
        int eq = spec.indexOf('=');
        if (eq == 0) {
            problems.error(k.file(), entry.line(), "file source `" + spec + "` has an empty key");
            return;
        }
        String path = eq > 0 ? spec.substring(eq + 1) : spec;
        String key = eq > 0 ? spec.substring(0, eq) : path.substring(path.lastIndexOf('/') + 1);
        Patches.LoadedFile file = loader.load(k, path, entry.line());
        if (file == null) {
            return;
        }
        String decoded = utf8(file.content());
        if (decoded == null) {
            if (!checkKey(g, entry, key, text, binary)) {
                return;
            }
            binary.put(key, file.content());
        } else {
            put(g, entry, key, decoded, text);
        }
    }

    private void readEnv(Kustomization.GeneratorEntry g, Kustomization.Entry entry, Map<String, String> text) {
        Patches.LoadedFile file = loader.load(k, entry.value(), entry.line());
        if (file == null) {
            return;
        }
        String content = utf8(file.content());
        if (content == null) {
            problems.error(file.path(), 0, "env file is not UTF-8 text");
            return;
        }
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            line = (i == 0 && line.startsWith("\uFEFF") ? line.substring(1) : line).stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (eq < 0) {
                problems.error(file.path(), i + 1, "`" + key + "` has no value (Kustomize would read it from the "
                        + "environment of the process, which a GitOps render must not depend on)");
            } else if (!ENV_NAME.matcher(key).matches()) {
                problems.error(file.path(), i + 1, "`" + key + "` is not a valid environment variable name");
            } else {
                put(g, new Kustomization.Entry(line, i + 1), key, line.substring(eq + 1), text, file.path());
            }
        }
    }

    private void put(Kustomization.GeneratorEntry g, Kustomization.Entry entry, String key, String value,
                     Map<String, String> text) {
        put(g, entry, key, value, text, k.file());
    }

    private void put(Kustomization.GeneratorEntry g, Kustomization.Entry entry, String key, String value,
                     Map<String, String> text, String file) {
        if (!KEY.matcher(key).matches()) {
            problems.error(file, entry.line(), "`" + key + "` is not a valid " + g.kind() + " key");
        } else if (text.containsKey(key)) {
            problems.error(file, entry.line(), g.kind() + " " + g.name() + " repeats the key `" + key + "`");
        } else {
            text.put(key, value);
        }
    }

    private boolean checkKey(Kustomization.GeneratorEntry g, Kustomization.Entry entry, String key,
                             Map<String, String> text, Map<String, byte[]> binary) {
        if (!KEY.matcher(key).matches() || text.containsKey(key) || binary.containsKey(key)) {
            problems.error(k.file(), entry.line(), "`" + key + "` is not a valid or unique " + g.kind() + " key");
            return false;
        }
        return true;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void error(Kustomization.GeneratorEntry g, String message) {
        problems.error(k.file(), g.line(), message);
    }
}
