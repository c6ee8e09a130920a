package dev.plumbline.live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the heap a watch-cached object costs (decision 0046), by hand, not in CI:
 * {@code java -XX:+UseSerialGC -cp <test classpath> dev.plumbline.live.CachedObjectFootprint <n> <original|compact> [holdSeconds]}.
 * Parses {@code n} objects of the benchmark's three shapes (Deployment with two managers, Service, ConfigMap; names and
 * uids made unique so nothing is shared that the informer would not share) the way an informer does, compacts them
 * as the informer's store does (or not), and prints the heap used after a full GC per object. With holdSeconds it then
 * waits, for {@code jcmd <pid> GC.class_histogram}.
 */
public final class CachedObjectFootprint {

    private static final String[] SHAPES = {"/live/deployment-live.json", "/live/service-live.json", "/live/configmap-live.json"};

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        boolean compact = args[1].equals("compact");
        KubernetesSerialization serialization = new KubernetesSerialization();
        String[] json = new String[SHAPES.length];
        for (int i = 0; i < SHAPES.length; i++) {
            try (InputStream in = CachedObjectFootprint.class.getResourceAsStream(SHAPES[i])) {
                json[i] = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        CompactObjects.compact(serialization.unmarshal(json[0], GenericKubernetesResource.class)); // load the classes
        long before = usedAfterGc();
        List<GenericKubernetesResource> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String unique = String.format("%05d", i);
            String text = json[i % SHAPES.length].replace("app-0000", "app-" + unique).replace("8a0", unique)
                    .replace("4821", "9" + unique);
            GenericKubernetesResource o = serialization.unmarshal(text, GenericKubernetesResource.class);
            held.add(compact ? CompactObjects.compact(o) : o);
        }
        long after = usedAfterGc();
        System.out.printf("%s: %d objects, %d bytes after GC, %d bytes per object (pid %d)%n", args[1], n,
                after - before, (after - before) / n, ProcessHandle.current().pid());
        if (args.length > 2) {
            Thread.sleep(Long.parseLong(args[2]) * 1000);
        }
        System.out.println(held.size());
    }

    private static long usedAfterGc() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
