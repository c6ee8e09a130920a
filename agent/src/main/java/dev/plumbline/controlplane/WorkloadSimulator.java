package dev.plumbline.controlplane;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the workload controllers a bare API server lacks: watches Deployments, StatefulSets, DaemonSets and Jobs and,
 * after a short random delay, writes the status their controllers would write once a rollout finished (or, when told
 * to, failed). Writes go through the {@code status} subresource as merge patches with field manager
 * {@value #FIELD_MANAGER}, so managedFields show who invented the status. Status is SIMULATED: no Pod ever runs.
 *
 * <p>Beside a real kube-controller-manager ({@link SimulatorOptions#kubelet()}) it writes no workload status at all:
 * the controllers do, from Pods a {@link KubeletSimulator} marks ready. {@link #fail} and {@link #failNext} then do
 * nothing. In both modes a pod template annotated {@code plumbline.dev/simulate: fail} fails every rollout (here: the
 * Deployment's progress deadline exceeded, a Job failed), so a rollback can be shown without a kubelet.
 */
public final class WorkloadSimulator implements AutoCloseable {

    public static final String FIELD_MANAGER = "plumbline-workload-simulator";
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadSimulator.class);
    private static final List<Class<? extends HasMetadata>> KINDS =
            List.of(Deployment.class, StatefulSet.class, DaemonSet.class, Job.class);

    /** What was decided for one generation of one object; kept so a one-shot failure stays failed. */
    private record Outcome(Long generation, boolean failed) {
    }

    private final KubernetesClient client;
    private final SimulatorOptions options;
    private final Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
    private final Set<ResourceKey> failAlways = ConcurrentHashMap.newKeySet();
    private final Set<ResourceKey> failOnce = ConcurrentHashMap.newKeySet();
    private final Map<ResourceKey, Outcome> decided = new ConcurrentHashMap<>();
    private final Set<ResourceKey> pending = ConcurrentHashMap.newKeySet();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private KubeletSimulator kubelet;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "plumbline-workload-simulator");
        thread.setDaemon(true);
        return thread;
    });

    public WorkloadSimulator(KubernetesClient client, SimulatorOptions options) {
        this.client = client;
        this.options = options;
    }

    /** A simulator with the given options, already watching. */
    public static WorkloadSimulator started(KubernetesClient client, SimulatorOptions options) {
        return new WorkloadSimulator(client, options).start();
    }

    /** Starts one informer per kind and returns once each has listed what exists now. */
    public synchronized WorkloadSimulator start() {
        if (!informers.isEmpty() || kubelet != null) {
            return this;
        }
        if (options.kubelet()) {
            kubelet = new KubeletSimulator(client, options).start();
            return this;
        }
        for (Class<? extends HasMetadata> kind : KINDS) {
            informers.put(kind, inform(kind));
        }
        LOG.info("workload status is SIMULATED by {} for {} (no controller-manager runs; no Pod ever starts)",
                FIELD_MANAGER, options.namespace() == null ? "all namespaces" : "namespace " + options.namespace());
        return this;
    }

    /** The next rollout of this object fails (Deployment: ProgressDeadlineExceeded; Job: Failed). */
    public void failNext(String kind, String namespace, String name) {
        failOnce.add(ResourceKey.of(groupOf(kind), kind, namespace, name));
    }

    /** Every rollout of this object fails until {@link #recover}; an object already rolled out fails now. */
    public void fail(ResourceKey key) {
        failAlways.add(key);
        recheck(key);
    }

    /** Undoes {@link #fail}: the object's current generation is rolled out successfully. */
    public void recover(ResourceKey key) {
        failAlways.remove(key);
        failOnce.remove(key);
        decided.remove(key);
        recheck(key);
    }

    /** Status writes that failed other than by a race with a deletion; a test may assert there are none. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Stops the watches and pending writes. */
    @Override
    public synchronized void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
        if (kubelet != null) {
            kubelet.close();
        }
        executor.shutdownNow();
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(Class<T> kind) {
        return inform(client, kind, options.namespace(), this::consider, object -> decided.remove(keyOf(object)));
    }

    /**
     * An informer on {@code kind} in {@code namespace} ({@code null}: all) that hands every added or updated object to
     * {@code seen} and every deleted one to {@code gone}: how both simulators watch what they play a controller for.
     */
    static <T extends HasMetadata> SharedIndexInformer<T> inform(KubernetesClient client, Class<T> kind, String namespace,
                                                                 java.util.function.Consumer<T> seen,
                                                                 java.util.function.Consumer<T> gone) {
        var resources = client.resources(kind);
        var scope = namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace);
        return scope.inform(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                seen.accept(object);
            }

            @Override
            public void onUpdate(T old, T object) {
                seen.accept(object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                gone.accept(object);
            }
        }, 0);
    }

    private void consider(HasMetadata object) {
        if (object.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        ResourceKey key = keyOf(object);
        if (!SimulatedStatus.settled(object, wantsFailure(key, object, false)) && pending.add(key)) {
            long min = options.minDelay().toMillis();
            long delay = min + ThreadLocalRandom.current().nextLong(options.maxDelay().toMillis() - min + 1);
            executor.schedule(() -> rollOut(key, object.getClass()), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs on the simulator thread with the newest cached copy, which may have changed since it was seen. */
    private void rollOut(ResourceKey key, Class<?> kind) {
        pending.remove(key);
        Optional<? extends HasMetadata> latest = cached(kind, key);
        if (latest.isEmpty() || SimulatedStatus.settled(latest.get(), wantsFailure(key, latest.get(), false))) {
            return;
        }
        HasMetadata object = latest.get();
        boolean fail = wantsFailure(key, object, true);
        try {
            writeStatus(object, Map.of("status", SimulatedStatus.of(object, fail, Instant.now())));
            if (fail) {
                LOG.info("simulated a FAILED rollout of {} (as requested)", key);
            } else {
                LOG.debug("simulated a finished rollout of {} (generation {})", key,
                        object.getMetadata().getGeneration());
            }
        } catch (RuntimeException e) {
            // 404: deleted meanwhile; anything else would leave a test waiting, so it is kept for the test to see
            if (!(e instanceof KubernetesClientException k && k.getCode() == 404)) {
                errors.add(key + " simulated status write failed: " + e.getMessage());
                LOG.warn("{} simulated status write failed: {}", key, e.getMessage());
            }
        }
    }

    /** Whether this generation's rollout fails; {@code decide} consumes a one-shot failure and records it. */
    private boolean wantsFailure(ResourceKey key, HasMetadata object, boolean decide) {
        if (failAlways.contains(key) || "fail".equals(templateAnnotations(object).get(KubeletSimulator.SIMULATE))) {
            return true; // the annotation fails every rollout of that pod template, as the kubelet mode does
        }
        Long generation = object.getMetadata().getGeneration();
        Outcome outcome = decided.get(key);
        if (outcome != null && Objects.equals(outcome.generation(), generation)) { // Jobs have none on 1.20
            return outcome.failed();
        }
        if (!decide) {
            return false;
        }
        boolean fail = failOnce.remove(key);
        decided.put(key, new Outcome(generation, fail));
        return fail;
    }

    /** The pod template's annotations (empty when none). */
    private static Map<String, String> templateAnnotations(HasMetadata object) {
        io.fabric8.kubernetes.api.model.PodTemplateSpec template = object instanceof Deployment d ? d.getSpec().getTemplate()
                : object instanceof StatefulSet s ? s.getSpec().getTemplate()
                : object instanceof DaemonSet ds ? ds.getSpec().getTemplate()
                : object instanceof Job j ? j.getSpec().getTemplate() : null;
        Map<String, String> annotations = template == null || template.getMetadata() == null ? null
                : template.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    @SuppressWarnings("unchecked")
    private void writeStatus(HasMetadata object, Map<String, Object> patch) {
        PatchContext context = new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(FIELD_MANAGER)
                .build();
        String json = client.getKubernetesSerialization().asJson(patch);
        client.resources((Class<HasMetadata>) object.getClass())
                .inNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName())
                .subresource("status")
                .patch(context, json);
    }

    private Optional<? extends HasMetadata> cached(Class<?> kind, ResourceKey key) {
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
        return informer == null ? Optional.empty()
                : Optional.ofNullable(informer.getStore().getByKey(key.namespace() + "/" + key.name()));
    }

    private void recheck(ResourceKey key) {
        KINDS.stream().filter(k -> k.getSimpleName().equals(key.kind())).findFirst()
                .flatMap(kind -> cached(kind, key)).ifPresent(this::consider);
    }

    private static ResourceKey keyOf(HasMetadata object) {
        return ResourceKey.of(groupOf(object.getKind()), object.getKind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    private static String groupOf(String kind) {
        return "Job".equals(kind) ? "batch" : "apps";
    }
}
