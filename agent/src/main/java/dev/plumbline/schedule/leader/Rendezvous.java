package dev.plumbline.schedule.leader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Optional;

/**
 * Rendezvous (highest random weight) hashing: an environment belongs to the live member whose hash of
 * {@code member + environment} is highest. Every replica computes the same answer from the same member list, and a
 * member joining or leaving moves only the environments it wins or held (about 1/N of them), unlike {@code hash % N}.
 */
final class Rendezvous {

    private Rendezvous() {
    }

    /** The member {@code environment} belongs to; empty when there is no member. */
    static Optional<String> owner(String environment, Collection<String> members) {
        String best = null;
        long bestWeight = 0;
        for (String m : members) {
            long w = weight(m, environment);
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0 || (w == bestWeight && m.compareTo(best) < 0)) {
                best = m;
                bestWeight = w;
            }
        }
        return Optional.ofNullable(best);
    }

    static long weight(String member, String environment) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((member + "\n" + environment).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e); // every JDK has it
        }
    }
}
