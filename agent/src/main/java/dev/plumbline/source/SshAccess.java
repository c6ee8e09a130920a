package dev.plumbline.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
                .setKeyPasswordProvider(credentials -> new PassphraseFile(passphraseFile))
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

    @Override
    public void close() {
        factory.close();
    }

    /** Answers with the passphrase file's content once; a wrong passphrase is not retried. */
    private record PassphraseFile(Path file) implements KeyPasswordProvider {

        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
            return file == null ? null : Secrets.read(file, "ssh-key-passphrase-file").toCharArray();
        }

        @Override
        public void setAttempts(int maxNumberOfAttempts) {
            // one attempt: the passphrase comes from a file, asking again would give the same answer
        }

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false;
        }
    }
}
