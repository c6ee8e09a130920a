package dev.plumbline.engine;

import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.diff.DesiredHash;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.health.HealthCheck;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.VerdictRecord;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.live.Discovery;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The one place that reads and writes the live objects of an environment, split by verb like flux's {@code ssa}
 * manager: {@link #diff diff} ({@link Differ}), {@link #apply apply} ({@link Applier}), {@link #prune prune}
 * ({@link Pruner}), {@link #await wait} ({@link HealthWait}). One per connection: every call goes through its client,
 * so an impersonating connection gets its own engine. Its verdict cache is private: diff fills it, apply and prune
 * update it, and others may only ask {@link #judgedInSync}. Thread-safe.
 */
public final class Engine {

    /**
     * Applies in flight at once through this engine, across every environment that uses it. One sync applies up to its
     * {@code parallelism} (8) objects at once, which stays below this; but an agent with many environments syncs them
     * all at once on its first cycle, and all their requests share one HTTP/2 connection, whose stream limit (the
     * kube-apiserver's is 1,000, every open watch holding one) 100 environments × 8 applies overran: the JDK HTTP client
     * then fails a request with "too many concurrent streams" (decision 0045). The API server's writes, not the
     * client's, are what an apply waits for, so a wider bound would not be faster.
     */
    static final int APPLIES_IN_FLIGHT = 16;

    private final Semaphore applies = new Semaphore(APPLIES_IN_FLIGHT, true);
    private final Differ differ;
    private final Applier applier;
    private final Pruner pruner;
    private final HealthWait waiter;
    private final KubernetesClient client;
    private volatile String server;

    /**
     * @param client    the reconcile client: every call it makes is a reconcile API call (counted)
     * @param discovery which kinds the cluster serves, and at which versions
     */
    public Engine(KubernetesClient client, Discovery discovery, DiffOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(discovery, "discovery");
        this.client = client;
        this.differ = new Differ(client, options);
        this.applier = new Applier(client, discovery, differ);
        this.pruner = new Pruner(client, discovery, differ.cache());
        this.waiter = new HealthWait(client, discovery);
    }

    public DiffOptions options() {
        return differ.options();
    }

    // ---- diff

    /**
     * The verdict for one desired object; a cached verdict for the same desired object, ignore rules and live
     * resourceVersion costs no API call, otherwise one dry-run (plus one GET when {@code live} lags behind).
     *
     * @param live        the live object from the watch cache, {@code null} when absent
     * @param ignore      the environment's {@code ignoreDifferences} (all of them; the matching ones are picked here)
     * @param environment the environment being reconciled, for the Conflict check
     */
    public DriftEntry diff(DesiredInput desired, GenericKubernetesResource live, List<IgnoreRule> ignore,
                           String environment) {
        return differ.diff(desired, live, ignore, environment);
    }

    /** Like {@link #diff}, but always compares and returns the two compared objects for a text diff. */
    public DiffResult diffWithObjects(DesiredInput desired, GenericKubernetesResource live, List<IgnoreRule> ignore,
                                      String environment) {
        return differ.diffWithObjects(desired, live, ignore, environment);
    }

    /** An object in the inventory that left Git (InSync "ignored" when the live object is marked ignored). No call. */
    public DriftEntry orphaned(ResourceKey key, String apiVersion, GenericKubernetesResource live) {
        return differ.orphaned(key, apiVersion, live);
    }

    /** For callers that know the kind is not served and no CRD in the render will serve it. No API call. */
    public static DriftEntry kindNotServed(DesiredInput desired) {
        return Differ.kindNotServed(desired);
    }

    /**
     * Whether the object was judged InSync at exactly this resourceVersion: a watch event for it is the echo of
     * something already compared (e.g. Plumbline's own apply), not a change.
     */
    public boolean judgedInSync(ResourceKey key, String resourceVersion) {
        return differ.cache().judged(key, resourceVersion).map(e -> e.status() == Verdict.InSync).orElse(false);
    }

    /**
     * Like {@link #judgedInSync(ResourceKey, String)}, and also when the object was judged InSync at an earlier
     * resourceVersion and {@code live} (the object as the watch cache holds it) is at this resourceVersion with the
     * same content: a controller's {@code status} write is no change (issue 17: status churn costs nothing, not even
     * a cycle). No API call; the content is hashed only when a verdict at an earlier version exists.
     */
    public boolean judgedInSync(ResourceKey key, String resourceVersion,
                                Supplier<Optional<GenericKubernetesResource>> live) {
        Supplier<Optional<java.util.Map<String, Object>>> at = () -> live.get()
                .filter(o -> resourceVersion.equals(o.getMetadata().getResourceVersion())).map(Normalizer::toMap);
        return differ.cache().judged(key, resourceVersion, () -> at.get().map(DesiredHash::content).orElse(null),
                        () -> at.get().map(DesiredHash::claim).orElse(null))
                .map(e -> e.status() == Verdict.InSync).orElse(false);
    }

    // ---- persisted verdicts (decision 0047)

    /**
     * What a record of this engine's verdicts depends on besides the objects: the API server's build (asked once per
     * engine: one {@code GET /version}), the field manager, and {@code identity} (the impersonated user, or empty).
     */
    public VerdictRecord.Basis basis(String identity) {
        String known = server;
        if (known == null) {
            VersionInfo v = client.getKubernetesVersion();
            known = v.getGitVersion() + "+" + v.getGitCommit();
            server = known;
        }
        return new VerdictRecord.Basis(known, differ.options().fieldManager(), identity);
    }

    /**
     * Seeds the verdict cache from a record a previous run persisted, when it was made under {@code basis}: each entry
     * then answers a diff, without a dry-run, for exactly the live object it names (same uid and content) and the
     * same desired object and ignore rules. A record made under another basis is ignored whole.
     *
     * @return how many entries were seeded (0 when the basis differs)
     */
    public int seed(VerdictRecord record, VerdictRecord.Basis basis) {
        if (!record.basis().equals(basis)) {
            return 0;
        }
        VerdictCache cache = differ.cache();
        record.entries().forEach(e -> cache.seed(e.key(), e.desiredHash(), e.resourceVersion(), e.uid(), e.claim(),
                DriftEntry.of(e.key(), e.apiVersion(), Verdict.InSync, null)));
        return record.entries().size();
    }

    /**
     * The InSync verdicts among {@code entries} this run confirmed (by a dry-run, an apply's answer, or a seeded
     * entry that matched), as a record keeps them. Verdicts that depend on managedFields (ignore rules by manager)
     * are never recorded.
     */
    public List<VerdictRecord.Entry> remembered(List<DriftEntry> entries) {
        VerdictCache cache = differ.cache();
        return entries.stream().filter(e -> e.inSync() && e.message() == null)
                .flatMap(e -> cache.remembered(e.key()).map(r -> new VerdictRecord.Entry(e.key(), e.apiVersion(),
                        r.desiredHash(), r.uid(), r.resourceVersion(), r.claim())).stream())
                .toList();
    }

    /** Diffs answered by a seeded record entry, without a dry-run, since this engine started. */
    public long recordHits() {
        return differ.cache().recordHits();
    }

    // ---- apply

    /**
     * Forced server-side apply of one object (see {@link Applier}); the answer becomes the object's InSync verdict. At most
     * {@value #APPLIES_IN_FLIGHT} applies run at once through one engine; a further one waits for a slot.
     *
     * @throws EngineException when the thread is interrupted while it waits for a slot (nothing was written)
     * @param verdict this cycle's verdict of the object, {@code null} when there is none
     */
    public Applied apply(DesiredObject object, DriftEntry verdict, ApplyRequest request) {
        // Interruptible: a sync that stops (its write gate closed, a wave failed) ends its pool with shutdownNow, and an
        // apply still waiting for a slot must then not write after the sync stopped.
        try {
            applies.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(object.key() + " apply failed: interrupted while waiting for an apply slot", e);
        }
        try {
            return applier.apply(object, verdict, request);
        } finally {
            applies.release();
        }
    }

    // ---- prune

    /** Deletes one inventory object that left Git, unless it is no longer ours or a guard says no (see {@link Pruner}). */
    public Pruned prune(InventoryEntry entry, PruneRequest request) {
        return pruner.prune(entry, request);
    }

    // ---- wait

    /**
     * Waits until what a wave applied is ready for the next (see {@link HealthWait}): empty when all are, else the
     * first that is not. {@code waiting} hears what it waits for at every look; an exception from it ends the wait.
     */
    public Optional<Unready> await(List<GenericKubernetesResource> applied, HealthCheck health, Duration timeout,
                                   BiConsumer<ResourceKey, String> waiting) {
        return waiter.await(applied, health, timeout, waiting);
    }
}
