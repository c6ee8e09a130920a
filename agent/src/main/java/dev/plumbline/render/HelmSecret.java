package dev.plumbline.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code data.release} of the Secret Helm's SDK sends as Kubernetes protobuf ({@code k8s\0} + runtime.Unknown
 * whose {@code raw} is a v1.Secret): client-go sends built-in kinds that way, and a protobuf library for three fields
 * would be a dependency for nothing. Field numbers are Kubernetes' generated.proto: Unknown.raw = 2; Secret.data = 2
 * (map entries: key = 1, value = 2).
 */
final class HelmSecret {

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private HelmSecret() {
    }

    /** The bytes of {@code data.release}, or null when the body holds none. */
    static byte[] releaseField(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            return null;
        }
        byte[] secret = field(body, MAGIC.length, body.length, 2);
        if (secret == null) {
            return null;
        }
        int[] pos = {0};
        while (pos[0] < secret.length) {
            int key = (int) varint(secret, pos);
            if ((key & 7) != 2) {
                skip(secret, pos, key & 7);
                continue;
            }
            int length = (int) varint(secret, pos);
            int start = pos[0];
            pos[0] += length;
            if (key >>> 3 == 2) { // one data entry
                byte[] name = field(secret, start, start + length, 1);
                if (name != null && new String(name, StandardCharsets.UTF_8).equals("release")) {
                    return field(secret, start, start + length, 2);
                }
            }
        }
        return null;
    }

    /** The first length-delimited field {@code number} in {@code buf[from, to)}, or null. */
    private static byte[] field(byte[] buf, int from, int to, int number) {
        int[] pos = {from};
        while (pos[0] < to) {
            int key = (int) varint(buf, pos);
            if ((key & 7) != 2) {
                skip(buf, pos, key & 7);
                continue;
            }
            int length = (int) varint(buf, pos);
            if (key >>> 3 == number) {
                return Arrays.copyOfRange(buf, pos[0], pos[0] + length);
            }
            pos[0] += length;
        }
        return null;
    }

    private static void skip(byte[] buf, int[] pos, int wireType) {
        switch (wireType) {
            case 0 -> varint(buf, pos);
            case 1 -> pos[0] += 8;
            case 5 -> pos[0] += 4;
            default -> throw new IllegalArgumentException("unexpected protobuf wire type " + wireType);
        }
    }

    private static long varint(byte[] buf, int[] pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = buf[pos[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }
}
