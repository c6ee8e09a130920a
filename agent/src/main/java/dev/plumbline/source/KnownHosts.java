package dev.plumbline.source;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Strict host key checking against exactly one known_hosts file. Unlike OpenSSH's default ({@code ask}) or
 * {@code accept-new}, an unknown or changed host key is always refused and the file is never written: an agent
 * that trusted on first use could be pointed at an impostor by anyone who controls DNS at that moment.
 * The reason for the last refusal is kept, because JGit only reports "server key did not validate".
 */
final class KnownHosts implements ServerKeyDatabase {

    /** Why the last host key was refused; {@code config} when the file itself is the problem. */
    record Rejection(boolean config, String message) {
    }

    private final Path file;
    private final AtomicReference<Rejection> lastRejection = new AtomicReference<>();

    KnownHosts(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    Rejection takeRejection() {
        return lastRejection.getAndSet(null);
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        try {
            List<PublicKey> keys = new ArrayList<>();
            for (KnownHostEntry e : matching(connectAddress)) {
                if (e.getMarker() == null) {
                    keys.add(keyOf(e));
                }
            }
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            return List.of(); // accept() reports the same problem with a clear message
        }
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                          Configuration config, CredentialsProvider provider) {
        String offered = KeyUtils.getKeyType(serverKey) + " " + KeyUtils.getFingerPrint(serverKey);
        List<KnownHostEntry> entries;
        try {
            entries = matching(connectAddress);
            for (KnownHostEntry e : entries) {
                if ("revoked".equals(e.getMarker()) && KeyUtils.compareKeys(keyOf(e), serverKey)) {
                    return reject(false, "host key " + offered + " of " + connectAddress + " is marked @revoked in known-hosts-file " + file);
                }
            }
            for (KnownHostEntry e : entries) {
                if (e.getMarker() == null && KeyUtils.compareKeys(keyOf(e), serverKey)) {
                    return true;
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            return reject(true, "known-hosts-file " + file + " cannot be read: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            return reject(false, "host " + connectAddress + " is not in known-hosts-file " + file + " (server offered " + offered + ")");
        }
        return reject(false, "host key of " + connectAddress + " does not match known-hosts-file " + file
                + " (server offered " + offered + "); the key was changed or the connection is intercepted");
    }

    private boolean reject(boolean configProblem, String message) {
        lastRejection.set(new Rejection(configProblem, message));
        return false;
    }

    private List<KnownHostEntry> matching(String connectAddress) throws IOException {
        String host = connectAddress;
        int port = 22;
        // JGit hands us OpenSSH's pattern form: "host" for port 22, "[host]:port" otherwise.
        if (connectAddress.startsWith("[")) {
            int close = connectAddress.indexOf("]:");
            host = connectAddress.substring(1, close);
            port = Integer.parseInt(connectAddress.substring(close + 2));
        }
        List<KnownHostEntry> result = new ArrayList<>();
        for (KnownHostEntry e : KnownHostEntry.readKnownHostEntries(file)) {
            if (e.getKeyEntry() != null && !"cert-authority".equals(e.getMarker()) && e.isHostMatch(host, port)) {
                result.add(e);
            }
        }
        return result;
    }

    private static PublicKey keyOf(KnownHostEntry e) throws IOException, GeneralSecurityException {
        return e.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
    }
}
