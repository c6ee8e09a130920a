package dev.plumbline.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * SSH for one source: Apache MINA SSHD through JGit, with nothing taken from the user's environment. The home and
 * ssh directories point at an empty private folder, there is no ssh config file and no ssh-agent; the only identity
 * is the configured key, the only trusted host keys are those in the configured known_hosts file.
 */
final class SshAccess implements AutoCloseable {

    private final SshdSessionFactory factory;
    private final KnownHosts knownHosts;
    /** Why the key could not be used, if it could not: JGit then only reports that authentication failed. */
    private final AtomicReference<String> keyProblem = new AtomicReference<>();

    SshAccess(Path keyFile, Path passphraseFile, Path knownHostsFile, Path privateHome) {
        this.knownHosts = new KnownHosts(knownHostsFile);
        try {
            Files.createDirectories(privateHome.resolve(".ssh"));
        } catch (IOException e) {
            throw new SourceException(SourceException.Reason.INVALID_CONFIG,
                    "ssh home " + privateHome + " creation failed: " + e.getMessage(), e);
        }
        this.factory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(privateHome.toFile())
                .setSshDirectory(privateHome.resolve(".ssh").toFile())
                .setConfigFile(sshDir -> null)
                .setConnectorFactory(null)
                .setDefaultKnownHostsFiles(sshDir -> List.of(knownHostsFile))
                .setDefaultIdentities(sshDir -> keyFile == null ? List.of() : List.of(keyFile))
                .setKeyPasswordProvider(credentials -> new PassphraseFile(keyFile, passphraseFile, keyProblem))
                .setServerKeyDatabase((home, sshDir) -> knownHosts)
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    void configure(Transport transport) {
        if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(factory);
        }
    }

    KnownHosts knownHosts() {
        return knownHosts;
    }

    /** Forgets what an earlier operation left behind. */
    void reset() {
        knownHosts.takeRejection();
        keyProblem.set(null);
    }

    Optional<String> keyProblem() {
        return Optional.ofNullable(keyProblem.get());
    }

    @Override
    public void close() {
        factory.close();
    }

    /** Answers with the passphrase file's content once; a wrong passphrase is not retried. */
    private record PassphraseFile(Path keyFile, Path file, AtomicReference<String> problem) implements KeyPasswordProvider {

        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
            if (file == null) {
                problem.set("ssh-key-file " + keyFile + " is encrypted and no ssh-key-passphrase-file is configured");
                return null;
            }
            return Secrets.read(file, "ssh-key-passphrase-file").toCharArray();
        }

        @Override
        public void setAttempts(int maxNumberOfAttempts) {
            // one attempt: the passphrase comes from a file, asking again would give the same answer
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            if (error != null && file != null) {
                problem.set("ssh-key-file " + keyFile + " could not be decrypted with ssh-key-passphrase-file " + file);
            }
            return false;
        }
    }
}
