package dev.plumbline.render;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of repository files, with the line and column of the first byte that is not UTF-8. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * The content as UTF-8, or null with an error at the line of the first byte that is not: Kubernetes objects are
     * JSON, which is UTF-8, and kubectl refuses such a file; replacing the byte would apply something nobody wrote.
     */
    static String decode(String file, byte[] content, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8L, (long) content.length + 1));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (content[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            problems.error(file, line, String.format("invalid UTF-8: byte 0x%02X at column %d is not valid UTF-8 "
                    + "(manifests must be UTF-8, as kubectl requires)", content[at] & 0xFF, at - lineStart + 1));
            return null;
        }
        return out.flip().toString();
    }
}
