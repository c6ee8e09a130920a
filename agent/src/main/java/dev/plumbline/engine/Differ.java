package dev.plumbline.engine;

import dev.plumbline.kube.Normalizer;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.diff.Comparison;
import dev.plumbline.diff.DesiredHash;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.IgnoredFields;
import dev.plumbline.diff.Ownership;
import dev.plumbline.diff.SecretData;
import dev.plumbline.diff.SecretMasking;
import dev.plumbline.diff.Verdict;
import dev.plumbline.diff.Attribution;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's diff verb (flux: {@code ssa/manager_diff.go}): desired vs live, one object at a time, exact (the API
 * server computes what an apply would produce) and cheap (verdicts are cached by desired hash and live
 * resourceVersion). The comparison itself is {@code diff}'s, pure; here are the calls and the cache. See the package
 * documentation of {@code diff} for the steps. Thread-safe: the only state is the {@link VerdictCache}.
 */
final class Differ {

    private final DryRun calls;
    private final DiffOptions options;
    private final VerdictCache cache;

    /** @param client the reconcile client: every call it makes is a reconcile API call */
    Differ(KubernetesClient client, DiffOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.calls = new DryRun(Objects.requireNonNull(client, "client"), options.fieldManager());
        this.cache = new VerdictCache(options.cacheSize());
    }

    DiffOptions options() {
        return options;
    }

    VerdictCache cache() {
        return cache;
    }

    /**
     * The verdict for one desired object. A cached verdict for the same desired object, ignore rules and live
     * resourceVersion costs no API call; otherwise one dry-run (plus one GET when {@code live} lags behind).
     *
     * @param live        the live object from the watch cache, {@code null} when absent
     * @param ignore      the environment's {@code ignoreDifferences} (all of them; the matching ones are picked here)
     * @param environment the environment being reconciled, for the Conflict check
     */
    DriftEntry diff(DesiredInput desired, GenericKubernetesResource live, List<IgnoreRule> ignore,
                           String environment) {
        return run(desired, live, ignore, environment, true).entry();
    }

    /**
     * Like {@link #diff}, but always compares (the cache holds no objects) and returns the two compared objects for
     * a text diff. The verdict still goes into the cache.
     */
    DiffResult diffWithObjects(DesiredInput desired, GenericKubernetesResource live, List<IgnoreRule> ignore,
                                      String environment) {
        return run(desired, live, ignore, environment, false);
    }

    /**
     * Remembers {@code desired} as InSync at {@code resourceVersion}: the answer of a forced server-side apply of
     * exactly this object is the object as the server now has it, and a dry-run of the same apply at that version
     * would change nothing. So the check after a sync costs no dry-run for what it just applied; a later write that
     * changes the object's content (an edit) makes it compared again, one that changes only its status does not.
     *
     * @param answer the apply's answer; {@code null} (a dry run) forgets the object's verdict instead
     */
    void applied(DesiredInput desired, List<IgnoreRule> ignore, String environment,
                        GenericKubernetesResource answer) {
        Map<String, Object> object = Normalizer.toMap(answer);
        String resourceVersion = Normalizer.metadataString(object, "resourceVersion");
        if (resourceVersion == null) {
            cache.invalidate(desired.key());
            return;
        }
        List<IgnoreRule> rules = IgnoredFields.matching(ignore, desired.key());
        cache.put(desired.key(), DesiredHash.of(desired.body(), rules, environment), resourceVersion,
                DriftEntry.of(desired.key(), desired.apiVersion(), Verdict.InSync, null),
                byContent(rules) ? DesiredHash.content(object) : null, Normalizer.metadataString(object, "uid"),
                byContent(rules) ? DesiredHash.claim(object) : null);
    }

    /** Whether an InSync verdict may follow the object's content across resourceVersions (see {@link VerdictCache}). */
    private static boolean byContent(List<IgnoreRule> rules) {
        return IgnoredFields.managers(rules).isEmpty();
    }

    /** An object in the inventory that left Git (InSync "ignored" when the live object is marked ignored). No call. */
    DriftEntry orphaned(ResourceKey key, String apiVersion, GenericKubernetesResource live) {
        if (Ownership.ignored(null, Normalizer.toMap(live))) {
            return DriftEntry.of(key, apiVersion, Verdict.InSync, Ownership.IGNORED_MESSAGE);
        }
        return DriftEntry.of(key, apiVersion, Verdict.Orphaned, key + " is in the inventory but no longer in Git");
    }

    /** For callers that know the kind is not served and no CRD in the render will serve it. No API call. */
    static DriftEntry kindNotServed(DesiredInput desired) {
        return DriftEntry.of(desired.key(), desired.apiVersion(), Verdict.Error,
                desired.key() + " diff failed: " + DryRun.KIND_NOT_SERVED + " (" + desired.apiVersion() + ")");
    }

    private DiffResult run(DesiredInput desired, GenericKubernetesResource live, List<IgnoreRule> ignore,
                           String environment, boolean useCache) {
        ResourceKey key = desired.key();
        Map<String, Object> liveMap = Normalizer.toMap(live);
        Optional<DiffResult> early = precheck(desired, liveMap, environment);
        if (early.isPresent()) {
            return early.get();
        }
        List<IgnoreRule> rules = IgnoredFields.matching(ignore, key);
        try {
            IgnoredFields.selectors(rules);
        } catch (IllegalArgumentException e) {
            return new DiffResult(DriftEntry.of(key, desired.apiVersion(), Verdict.Error,
                    key + " diff failed: " + e.getMessage()), null, null);
        }
        String hash = DesiredHash.of(desired.body(), rules, environment);
        String resourceVersion = Normalizer.metadataString(liveMap, "resourceVersion");
        if (useCache) {
            // Ignoring fields by their manager makes a verdict depend on managedFields, which content leaves out.
            Optional<DriftEntry> cached = cache.get(key, hash, resourceVersion, Normalizer.metadataString(liveMap, "uid"),
                    byContent(rules) ? () -> DesiredHash.content(liveMap) : null,
                    byContent(rules) ? () -> DesiredHash.claim(liveMap) : null);
            if (cached.isPresent()) {
                return new DiffResult(cached.get(), null, null);
            }
        }
        Compared compared = compare(desired, liveMap, rules);
        if (compared.cacheable()) {
            cache.put(key, hash, compared.resourceVersion(), compared.result().entry(),
                    byContent(rules) ? compared.contentHash() : null, compared.uid(),
                    byContent(rules) ? compared.claim() : null);
        }
        return compared.result();
    }

    /** Ignored, invalid Secret data, Missing and Conflict: decided from the objects alone. */
    private Optional<DiffResult> precheck(DesiredInput desired, Map<String, Object> live, String environment) {
        ResourceKey key = desired.key();
        if (Ownership.ignored(desired.body(), live)) {
            return Optional.of(new DiffResult(
                    DriftEntry.of(key, desired.apiVersion(), Verdict.InSync, Ownership.IGNORED_MESSAGE), null, null));
        }
        Optional<String> invalid = SecretData.invalid(key, desired.body());
        if (invalid.isPresent()) {
            return Optional.of(new DiffResult(DriftEntry.of(key, desired.apiVersion(), Verdict.Error, invalid.get()),
                    null, null));
        }
        if (live == null) {
            return Optional.of(new DiffResult(DriftEntry.of(key, desired.apiVersion(), Verdict.Missing, null),
                    Comparison.missing(key, desired.body(), options), null));
        }
        return Ownership.conflict(key, desired.body(), live, environment).map(message -> new DiffResult(
                DriftEntry.of(key, desired.apiVersion(), Verdict.Conflict, message), null, null));
    }

    /** A verdict worth caching under the resourceVersion it was computed at. */
    private record Compared(DiffResult result, String resourceVersion, boolean cacheable, String contentHash,
                            String uid, String claim) {

        Compared(DiffResult result, String resourceVersion, boolean cacheable) {
            this(result, resourceVersion, cacheable, null, null, null);
        }
    }

    private Compared compare(DesiredInput desired, Map<String, Object> live, List<IgnoreRule> rules) {
        ResourceKey key = desired.key();
        Map<String, Object> body = withNamespace(desired);
        List<Map<String, Object>> secrets = List.of(desired.body(), live);
        DryRun.Outcome outcome = calls.apply(key, body, true);
        if (outcome instanceof DryRun.Failure f) {
            return failed(desired, f, Normalizer.metadataString(live, "resourceVersion"), secrets);
        }
        Map<String, Object> answer = ((DryRun.Answer) outcome).object();
        String answerVersion = Normalizer.metadataString(answer, "resourceVersion");
        if (Objects.equals(answerVersion, Normalizer.metadataString(live, "resourceVersion"))) {
            return compared(desired, body, answer, live, rules);
        }
        return compareFresh(desired, body, answer, rules, secrets);
    }

    /**
     * The watch cache lags behind the API server: comparing the dry-run answer with it would report changes that
     * are already undone, or miss new ones. Compare with the object read at the dry-run's resourceVersion instead.
     */
    private Compared compareFresh(DesiredInput desired, Map<String, Object> body, Map<String, Object> answer,
                                  List<IgnoreRule> rules, List<Map<String, Object>> secrets) {
        ResourceKey key = desired.key();
        DryRun.Outcome fresh = calls.get(key, body);
        if (fresh instanceof DryRun.Failure f) {
            return failed(desired, f, null, secrets);
        }
        Map<String, Object> current = ((DryRun.Answer) fresh).object();
        if (current == null) {
            DriftEntry gone = DriftEntry.of(key, desired.apiVersion(), Verdict.Missing,
                    key + " was deleted since it was cached");
            return new Compared(new DiffResult(gone, Comparison.missing(key, desired.body(), options), null), null, false);
        }
        if (!Objects.equals(Normalizer.metadataString(answer, "resourceVersion"),
                Normalizer.metadataString(current, "resourceVersion"))) {
            DriftEntry raced = DriftEntry.of(key, desired.apiVersion(), Verdict.Error,
                    key + " diff failed: the object changed during the comparison; it is compared again next cycle");
            return new Compared(new DiffResult(raced, null, null), null, false);
        }
        return compared(desired, body, answer, current, rules);
    }

    private Compared compared(DesiredInput desired, Map<String, Object> body, Map<String, Object> answer,
                              Map<String, Object> live, List<IgnoreRule> rules) {
        DiffResult result = Comparison.of(desired.key(), desired.apiVersion(), desired.body(), answer, live, rules,
                options);
        boolean inSync = result.entry().inSync();
        return new Compared(probeConflicts(desired, body, result), Normalizer.metadataString(live, "resourceVersion"),
                true, inSync ? DesiredHash.content(live) : null, Normalizer.metadataString(live, "uid"),
                inSync ? DesiredHash.claim(live) : null);
    }

    private Compared failed(DesiredInput desired, DryRun.Failure f, String resourceVersion,
                            List<Map<String, Object>> secrets) {
        String message = SecretMasking.sensitive(desired.key().kind(), desired.body(), secrets.get(1),
                options.sensitiveAnnotation()) ? SecretMasking.scrub(f.message(), secrets) : f.message();
        DriftEntry entry = DriftEntry.of(desired.key(), desired.apiVersion(), f.verdict(), message);
        return new Compared(new DiffResult(entry, null, null), resourceVersion, f.cacheable());
    }

    /** Optional second source of attribution: a non-forced dry-run's 409 names who owns the conflicting fields. */
    private DiffResult probeConflicts(DesiredInput desired, Map<String, Object> body, DiffResult result) {
        List<FieldChange> changes = result.entry().changes();
        if (!options.conflictProbe() || changes.stream().allMatch(c -> c.changedBy().known())) {
            return result;
        }
        if (!(calls.apply(desired.key(), body, false) instanceof DryRun.Failure f) || f.code() != 409) {
            return result;
        }
        List<FieldChange> attributed = Attribution.fromConflicts(changes, f.causes());
        DriftEntry entry = DriftEntry.ofChanges(desired.key(), desired.apiVersion(), attributed,
                result.entry().message());
        return new DiffResult(entry, result.desired(), result.live());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withNamespace(DesiredInput desired) {
        Map<String, Object> body = (Map<String, Object>) Normalizer.deepCopy(desired.body());
        if (desired.key().namespace() != null && body.get("metadata") instanceof Map<?, ?> meta
                && meta.get("namespace") == null) {
            ((Map<String, Object>) meta).put("namespace", desired.key().namespace());
        }
        return body;
    }
}
