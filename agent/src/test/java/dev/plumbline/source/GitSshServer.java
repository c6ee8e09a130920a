package dev.plumbline.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An Apache MINA SSHD server on 127.0.0.1 that serves {@code git-upload-pack} with JGit for the repositories under
 * a base folder, to one authorized client key. Stands in for GitHub/GitLab over SSH.
 */
final class GitSshServer implements AutoCloseable {

    private final SshServer sshd;
    private final KeyPair hostKey;

    GitSshServer(Path baseDir, PublicKey authorizedKey) throws IOException, GeneralSecurityException {
        hostKey = newKeyPair();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorizedKey));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory(new UploadPackFactory(baseDir));
        sshd.start();
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Writes {@code key} in OpenSSH format, encrypted when a passphrase is given. */
    static Path writePrivateKey(KeyPair key, Path file, String passphrase) throws IOException, GeneralSecurityException {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "plumbline-test", encryption, out);
        }
        return file;
    }

    int port() {
        return sshd.getPort();
    }

    String url(String repository) {
        return "ssh://git@127.0.0.1:" + port() + "/" + repository;
    }

    /** A known_hosts line for this server (as {@code ssh-keyscan -p} prints it), or for another key. */
    String knownHostsLine(PublicKey key) {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n";
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    private record UploadPackFactory(Path baseDir) implements CommandFactory {
        @Override
        public Command createCommand(ChannelSession channel, String command) {
            List<String> words = CommandFactory.split(command);
            return new UploadPackCommand(words, baseDir);
        }
    }

    /** {@code git-upload-pack '/name'}: JGit's UploadPack on the repository, in its own thread. */
    private static final class UploadPackCommand implements Command {
        private final List<String> words;
        private final Path baseDir;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread thread;

        UploadPackCommand(List<String> words, Path baseDir) {
            this.words = words;
            this.baseDir = baseDir;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            thread = new Thread(() -> exit.onExit(serve(env)), "upload-pack");
            thread.start();
        }

        private int serve(Environment env) {
            if (words.size() != 2 || !words.get(0).equals("git-upload-pack")) {
                return fail("only git-upload-pack is served");
            }
            Path dir = baseDir.resolve(words.get(1).replaceFirst("^/", "")).resolve(".git");
            if (!Files.isDirectory(dir)) {
                return fail("repository not found");
            }
            try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build()) {
                UploadPack pack = new UploadPack(repo);
                String protocol = env.getEnv().get("GIT_PROTOCOL");
                if (protocol != null) {
                    pack.setExtraParameters(List.of(protocol.split(":")));
                }
                pack.upload(in, out, err);
                return 0;
            } catch (IOException e) {
                return fail(e.getMessage());
            }
        }

        private int fail(String message) {
            try {
                err.write(("fatal: " + message + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException e) {
                // the client is gone; the exit status still tells it
            }
            return 128;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (thread != null) {
                thread.interrupt();
            }
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }
    }
}
