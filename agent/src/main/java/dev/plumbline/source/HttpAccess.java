package dev.plumbline.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * HTTP(S) for one source: basic credentials from files, and optionally a CA bundle that replaces the JVM's trust
 * store for this source's connections only (like git's {@code http.sslCAInfo}). The bundle is installed per
 * transport ({@link TransportHttp#setHttpConnectionFactory}), never through JGit's process-wide factory, so other
 * sources and other HTTPS clients in the agent are unaffected.
 */
final class HttpAccess {

    /** User name sent with a token: GitHub, GitLab, Gitea and Bitbucket accept any non-empty user with a token. */
    static final String TOKEN_USER = "git";

    private final Path tokenFile;
    private final Path usernameFile;
    private final Path passwordFile;
    private final Path caBundleFile;

    HttpAccess(Path tokenFile, Path usernameFile, Path passwordFile, Path caBundleFile) {
        this.tokenFile = tokenFile;
        this.usernameFile = usernameFile;
        this.passwordFile = passwordFile;
        this.caBundleFile = caBundleFile;
    }

    /** Applies credentials and trust; secrets and the bundle are re-read for every transport (rotation). */
    void configure(Transport transport) {
        CredentialsProvider credentials = credentials();
        if (credentials != null) {
            transport.setCredentialsProvider(credentials);
        }
        if (caBundleFile != null && transport instanceof TransportHttp http) {
            http.setHttpConnectionFactory(new TrustingFactory(loadBundle(caBundleFile)));
        }
    }

    private CredentialsProvider credentials() {
        String user = usernameFile == null ? TOKEN_USER : Secrets.read(usernameFile, "username-file");
        if (tokenFile != null) {
            return new UsernamePasswordCredentialsProvider(user, Secrets.read(tokenFile, "token-file"));
        }
        if (passwordFile != null) {
            return new UsernamePasswordCredentialsProvider(user, Secrets.read(passwordFile, "password-file"));
        }
        return null;
    }

    static TrustManager[] loadBundle(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("no certificate in the file");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new SourceException(SourceException.Reason.INVALID_CONFIG,
                    "ca-bundle-file " + pem + " read failed: " + e.getMessage(), e);
        }
    }

    /** JGit's JDK connections, with the bundle's trust managers on every HTTPS connection. */
    private record TrustingFactory(TrustManager[] trust) implements HttpConnectionFactory {
        private static final JDKHttpConnectionFactory JDK = new JDKHttpConnectionFactory();

        @Override
        public HttpConnection create(URL url) throws IOException {
            return trusting(JDK.create(url), url);
        }

        @Override
        public HttpConnection create(URL url, Proxy proxy) throws IOException {
            return trusting(JDK.create(url, proxy), url);
        }

        private HttpConnection trusting(HttpConnection connection, URL url) throws IOException {
            if ("https".equalsIgnoreCase(url.getProtocol())) {
                try {
                    connection.configure(null, trust, null);
                } catch (GeneralSecurityException e) {
                    throw new IOException("TLS setup failed: " + e.getMessage(), e);
                }
            }
            return connection;
        }
    }
}
