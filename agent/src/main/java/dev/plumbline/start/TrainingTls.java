package dev.plumbline.start;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway RSA key and self-signed certificate for 127.0.0.1, made by the JDK's own {@code keytool} in the
 * training run's temporary folder (no key is shipped, none outlives the run): the training API server serves TLS with
 * it and the training kubeconfig trusts it, so the diff's TLS handshake and certificate checks are trained as a
 * cluster's are. {@link #create} returns null when {@code keytool} is missing or fails; the run then uses HTTP.
 */
record TrainingTls(SSLContext server, String caPemBase64) {

    private static final String PASSWORD = "training";

    static TrainingTls create(Path dir) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("training.p12");
        Path pem = dir.resolve("training.pem");
        try {
            run(List.of(keytool.toString(), "-genkeypair", "-alias", "training", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
            run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "training", "-keystore", store.toString(),
                    "-storepass", PASSWORD, "-file", pem.toString()));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new TrainingTls(context, Base64.getEncoder().encodeToString(Files.readString(pem).getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception | AssertionError e) {
            System.err.println("plumbline training run: no TLS (" + e.getMessage() + "); training over HTTP");
            return null;
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed");
        }
    }
}
