package dev.plumbline.faults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A fault-injecting HTTPS proxy in front of kube-apiserver, on 127.0.0.1: it terminates TLS with a self-signed
 * certificate made by {@code keytool} for the test, forwards each request to the real API server over TLS, and —
 * for requests matching a {@link Rule} (verb and path) — answers 429 with {@code Retry-After}, 500, or delays the
 * request first. Plain requests are forwarded one per connection ({@code Connection: close}); upgrades (WebSocket
 * watches) and streaming answers (HTTP watches) are piped as they are.
 */
final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

    enum Kind { TOO_MANY_REQUESTS, SERVER_ERROR, DELAY }

    /** A fault for requests whose verb and path (with query) match; {@code times} of them (negative: all). */
    static final class Rule {
        final String method;
        final Pattern path;
        final Kind kind;
        final long delayMillis;
        private final AtomicInteger remaining;
        final AtomicInteger hits = new AtomicInteger();

        Rule(String method, String pathRegex, Kind kind, long delayMillis, int times) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.kind = kind;
            this.delayMillis = delayMillis;
            this.remaining = new AtomicInteger(times);
        }

        boolean take(String m, String p) {
            if (!(method == null || method.equals(m)) || !path.matcher(p).find()) {
                return false;
            }
            if (remaining.get() >= 0 && remaining.getAndUpdate(r -> r > 0 ? r - 1 : r) <= 0) {
                return false;
            }
            hits.incrementAndGet();
            return true;
        }
    }

    private final URI upstream;
    private final SSLServerSocket server;
    private final SSLSocketFactory upstreamTls;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** One request as the proxy saw it: when its head arrived, and the status it injected (0: forwarded). */
    record Exchange(long nanos, String method, String path, int injected) {
        @Override
        public String toString() {
            return method + " " + path + (injected == 0 ? "" : " → " + injected) + " @" + nanos / 1_000_000 + "ms";
        }
    }

    FaultProxy(Path workDir, String apiServerUrl) throws Exception {
        this.upstream = URI.create(apiServerUrl);
        Path keyStore = selfSignedKeyStore(workDir);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        // The hop to the API server is loopback to the test's own control plane: its self-signed certificate is
        // not what this proxy is about.
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, new TrustManager[] {new TrustAll()}, null);
        upstreamTls = clientContext.getSocketFactory();
        pool.submit(this::acceptLoop);
    }

    String url() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    Rule inject(String method, String pathRegex, Kind kind, int times) {
        return inject(new Rule(method, pathRegex, kind, 0, times));
    }

    Rule delay(String method, String pathRegex, long millis, int times) {
        return inject(new Rule(method, pathRegex, Kind.DELAY, millis, times));
    }

    private Rule inject(Rule rule) {
        rules.add(rule);
        return rule;
    }

    void clear() {
        rules.clear();
    }

    int forwarded() {
        return forwarded.get();
    }

    /** Every request so far, in arrival order. */
    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** A kubeconfig that reaches the API server through this proxy as {@code token}'s user (TLS not verified). */
    Path kubeconfig(Path file, String token) throws IOException {
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fault-proxy
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: through-proxy
                  user:
                    token: %s
                contexts:
                - name: fault-proxy
                  context: {cluster: fault-proxy, user: through-proxy}
                current-context: fault-proxy
                """.formatted(url(), token));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
        pool.shutdownNow();
    }

    // ---- proxying ----------------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                pool.submit(() -> handle(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("fault proxy accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void handle(Socket client) {
        Socket up = null;
        try {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
            String method = requestLine[0];
            String path = requestLine[1];
            long arrived = System.nanoTime();
            for (Rule rule : rules) {
                if (rule.take(method, path)) {
                    if (rule.kind == Kind.DELAY) {
                        Thread.sleep(rule.delayMillis);
                    } else {
                        exchanges.add(new Exchange(arrived, method, path, rule.kind == Kind.TOO_MANY_REQUESTS ? 429 : 500));
                        drainBody(in, head);
                        answer(out, rule.kind, method, path);
                        return;
                    }
                }
            }
            exchanges.add(new Exchange(arrived, method, path, 0));
            boolean upgrade = header(head, "upgrade") != null;
            up = upstreamTls.createSocket(upstream.getHost(), upstream.getPort());
            open.add(up);
            OutputStream upOut = up.getOutputStream();
            upOut.write((upgrade ? head : withConnectionClose(head)).getBytes(StandardCharsets.ISO_8859_1));
            upOut.flush();
            forwarded.incrementAndGet();
            Socket upstreamSocket = up;
            pool.submit(() -> pipe(in, upOut, upstreamSocket)); // request body, WebSocket frames
            InputStream upIn = new BufferedInputStream(up.getInputStream());
            String responseHead = readHead(upIn);
            if (responseHead == null) {
                return;
            }
            out.write((upgrade ? responseHead : withConnectionClose(responseHead)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            upIn.transferTo(out);
        } catch (IOException e) {
            LOG.debug("fault proxy connection ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            open.remove(client);
            if (up != null) {
                closeQuietly(up);
                open.remove(up);
            }
        }
    }

    private void pipe(InputStream from, OutputStream to, Socket toSocket) {
        try {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
            toSocket.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // either side closed
        }
    }

    private static void answer(OutputStream out, Kind kind, String method, String path) throws IOException {
        int code = kind == Kind.TOO_MANY_REQUESTS ? 429 : 500;
        String reason = kind == Kind.TOO_MANY_REQUESTS ? "TooManyRequests" : "InternalError";
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"fault proxy: injected "
                + code + " for " + method + " " + path.replace("\"", "") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + code + (code == 429 ? " Too Many Requests" : " Internal Server Error") + "\r\n"
                + (code == 429 ? "Retry-After: 1\r\n" : "")
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** Reads the body the client sends with a request that gets an injected answer, so closing does not reset it. */
    private static void drainBody(InputStream in, String head) throws IOException {
        String length = header(head, "content-length");
        if (length != null) {
            in.readNBytes(Integer.parseInt(length.trim()));
        }
    }

    /** The head up to and including the blank line, or null at end of stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            if (head.size() > 1 << 20) {
                throw new IOException("head over 1 MiB");
            }
        }
        return null;
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String withConnectionClose(String head) {
        List<String> lines = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (!line.isEmpty() && !lower.startsWith("connection:") && !lower.startsWith("keep-alive:")) {
                lines.add(line);
            }
        }
        lines.add("Connection: close");
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    private static Path selfSignedKeyStore(Path dir) throws Exception {
        Path keyStore = dir.resolve("fault-proxy.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "proxy", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return keyStore;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
