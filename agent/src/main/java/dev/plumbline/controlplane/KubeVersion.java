package dev.plumbline.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes release as a binary reports it ({@code kube-apiserver --version} prints {@code Kubernetes v1.37.2}).
 * The launcher chooses flags by it: flags come and go across the supported range (1.20 to the newest).
 *
 * @param text  what the binary said, e.g. {@code v1.37.2}
 */
public record KubeVersion(int major, int minor, int patch, String text) implements Comparable<KubeVersion> {

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)\\S*");

    /** Parses {@code v1.37.2}, {@code 1.20.2} or {@code Kubernetes v1.37.2-rc.0}. */
    public static KubeVersion parse(String text) {
        Matcher m = VERSION.matcher(text.trim());
        if (!m.find()) {
            throw new ControlPlaneException("Kubernetes version parse failed: '" + text.trim() + "' names no vX.Y.Z");
        }
        return new KubeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group().startsWith("v") ? m.group() : "v" + m.group());
    }

    /** Runs {@code <binary> --version}. */
    static KubeVersion of(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new ControlPlaneException(binary + " --version failed: " + out.trim());
            }
            return parse(out);
        } catch (IOException e) {
            throw new ControlPlaneException(binary + " --version failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneException(binary + " --version failed: interrupted", e);
        }
    }

    /** Whether this is release 1.{@code minor} or later. */
    public boolean atLeast(int minorVersion) {
        return major > 1 || major == 1 && minor >= minorVersion;
    }

    @Override
    public int compareTo(KubeVersion other) {
        int c = Integer.compare(major, other.major);
        c = c != 0 ? c : Integer.compare(minor, other.minor);
        return c != 0 ? c : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return text;
    }
}
