package dev.plumbline.engine;

import dev.plumbline.diff.DesiredHash;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictCacheTest {

    private static final ResourceKey A = ResourceKey.of("apps", "Deployment", "shop", "a");
    private static final ResourceKey B = ResourceKey.of("apps", "Deployment", "shop", "b");
    private static final DriftEntry IN_SYNC = DriftEntry.of(A, "apps/v1", Verdict.InSync, null);

    @Test
    void hitOnlyForTheSameHashAndResourceVersion() {
        VerdictCache cache = new VerdictCache(10);
        cache.put(A, "h1", "7", IN_SYNC);
        assertThat(cache.get(A, "h1", "7")).contains(IN_SYNC);
        assertThat(cache.get(A, "h1", "8")).isEmpty();
        assertThat(cache.get(A, "h2", "7")).isEmpty();
        assertThat(cache.get(B, "h1", "7")).isEmpty();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(3);
    }

    @Test
    void anInSyncVerdictFollowsUnchangedContentToANewResourceVersion() {
        VerdictCache cache = new VerdictCache(10);
        cache.put(A, "h1", "7", IN_SYNC, "content-1");
        assertThat(cache.get(A, "h1", "8", () -> "content-2")).isEmpty();
        assertThat(cache.get(A, "h2", "8", () -> "content-1")).as("another desired object").isEmpty();
        assertThat(cache.get(A, "h1", "8", null)).as("no content to compare").isEmpty();
        assertThat(cache.get(A, "h1", "6", () -> "content-1")).as("an older copy (a lagging watch cache)").isEmpty();
        assertThat(cache.get(A, "h1", "8", () -> "content-1")).contains(IN_SYNC);
        assertThat(cache.judged(A, "8")).as("the slot moved to the new version").contains(IN_SYNC);
        assertThat(cache.get(A, "h1", "7", () -> "content-1")).as("the slot's old version is older now").isEmpty();
        assertThat(VerdictCache.later("10", "9")).isTrue();
        assertThat(VerdictCache.later("opaque-2", "opaque-1")).as("not an etcd revision: never later").isFalse();

        DriftEntry modified = DriftEntry.of(B, "apps/v1", Verdict.Modified, "1 field differs");
        cache.put(B, "h1", "7", modified, "content-1");
        assertThat(cache.get(B, "h1", "8", () -> "content-1")).as("only InSync verdicts follow content").isEmpty();
    }

    /** A watch event for a status-only write is judged without a cycle: the InSync verdict follows the content. */
    @Test
    void aWatchEventIsJudgedInSyncWhenOnlyWhatAnApplyNeverChangesChanged() {
        VerdictCache cache = new VerdictCache(10);
        cache.put(A, "h1", "7", IN_SYNC, "content-1");
        assertThat(cache.judged(A, "7", () -> { throw new AssertionError("the same version needs no content"); }))
                .contains(IN_SYNC);
        assertThat(cache.judged(A, "8", () -> "content-2")).as("a spec edit").isEmpty();
        assertThat(cache.judged(A, "8", () -> null)).as("the watch cache holds another version").isEmpty();
        assertThat(cache.judged(A, "6", () -> "content-1")).as("an older copy").isEmpty();
        assertThat(cache.judged(A, "8", () -> "content-1")).as("a status write").contains(IN_SYNC);
        assertThat(cache.get(A, "h1", "8")).as("the slot moved: the next cycle's diff hits it").contains(IN_SYNC);

        DriftEntry modified = DriftEntry.of(B, "apps/v1", Verdict.Modified, "1 field differs");
        cache.put(B, "h1", "7", modified, "content-1");
        assertThat(cache.judged(B, "8", () -> "content-1")).as("only InSync verdicts follow content").isEmpty();
        cache.put(B, "h1", "7", IN_SYNC);
        assertThat(cache.judged(B, "8", () -> "content-1")).as("no content remembered (ignore by manager)").isEmpty();
    }

    @Test
    void invalidateAndLruBound() {
        VerdictCache cache = new VerdictCache(2);
        ResourceKey c = ResourceKey.of("", "ConfigMap", "shop", "c");
        cache.put(A, "h", "1", IN_SYNC);
        cache.put(B, "h", "1", IN_SYNC);
        cache.get(A, "h", "1"); // A is now the most recently used
        cache.put(c, "h", "1", IN_SYNC);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(B, "h", "1")).isEmpty();
        assertThat(cache.get(A, "h", "1")).isPresent();
        cache.invalidate(A);
        assertThat(cache.get(A, "h", "1")).isEmpty();
    }

    @Test
    void hashIgnoresKeyOrderButNotValuesRulesOrEnvironment() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("kind", "ConfigMap");
        one.put("data", Map.of("a", "1"));
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("data", Map.of("a", "1"));
        reordered.put("kind", "ConfigMap");
        String base = DesiredHash.of(one, List.of(), "prod");
        assertThat(DesiredHash.of(reordered, List.of(), "prod")).isEqualTo(base);
        assertThat(DesiredHash.of(Map.of("kind", "ConfigMap", "data", Map.of("a", "2")), List.of(), "prod"))
                .isNotEqualTo(base);
        assertThat(DesiredHash.of(one, List.of(new IgnoreRule(null, null, null, null, List.of("/data"), null)), "prod"))
                .isNotEqualTo(base);
        assertThat(DesiredHash.of(one, List.of(), "staging")).isNotEqualTo(base);
    }

    /** Decision 0047: a verdict a previous run persisted holds only for the very object and content it names. */
    @Test
    void aSeededVerdictAnswersOnlyForTheSameObjectContentAndDesiredObject() {
        VerdictCache cache = new VerdictCache(10);
        cache.seed(A, "h1", "7", "uid-a", "claim-1", IN_SYNC);
        assertThat(cache.judged(A, "7")).as("no watch echo before a diff saw it match").isEmpty();
        assertThat(cache.judged(A, "7", () -> "content-1")).isEmpty();
        assertThat(cache.get(A, "h1", "7", "uid-a", () -> "content-1", null)).as("ownership unknown (ignore rules by manager)").isEmpty();
        assertThat(cache.get(A, "h1", "7", "uid-b", () -> "c1", () -> "claim-1")).as("another object of that name").isEmpty();
        assertThat(cache.get(A, "h1", "7", "uid-a", () -> "c2", () -> "claim-2")).as("edited").isEmpty();
        assertThat(cache.get(A, "h1", "8", "uid-a", () -> "c1", () -> "claim-2")).as("same content, fields owned otherwise").isEmpty();
        assertThat(cache.get(A, "h2", "7", "uid-a", () -> "c1", () -> "claim-1")).as("desired object changed").isEmpty();
        assertThat(cache.get(A, "h1", "6", "uid-a", () -> "c1", () -> "claim-1")).as("an older copy").isEmpty();
        assertThat(cache.remembered(A)).as("not confirmed by this run").isEmpty();
        assertThat(cache.recordHits()).isZero();

        assertThat(cache.get(A, "h1", "9", "uid-a", () -> "c1", () -> "claim-1")).as("a status write since").contains(IN_SYNC);
        assertThat(cache.recordHits()).isEqualTo(1);
        assertThat(cache.judged(A, "9")).as("now an ordinary slot").contains(IN_SYNC);
        assertThat(cache.get(A, "h1", "9")).contains(IN_SYNC);
        assertThat(cache.remembered(A)).contains(new VerdictCache.Remembered("h1", "9", "uid-a", "claim-1"));

        assertThat(cache.judged(A, "10", () -> "c1", () -> "claim-1")).as("a status write").contains(IN_SYNC);
        assertThat(cache.remembered(A)).as("same claim: still recordable")
                .contains(new VerdictCache.Remembered("h1", "10", "uid-a", "claim-1"));
        assertThat(cache.get(A, "h1", "11", "uid-a", () -> "c1", () -> "claim-2")).as("in memory: content rule")
                .contains(IN_SYNC);
        assertThat(cache.remembered(A)).as("field ownership changed: not recorded").isEmpty();
    }

    @Test
    void aSeedNeverReplacesWhatThisRunKnowsAndOnlyInSyncIsSeeded() {
        VerdictCache cache = new VerdictCache(10);
        DriftEntry modified = DriftEntry.of(A, "apps/v1", Verdict.Modified, "1 field differs");
        cache.put(A, "h1", "7", modified, null, "uid-a", null);
        cache.seed(A, "h1", "7", "uid-a", "claim-1", IN_SYNC);
        assertThat(cache.get(A, "h1", "7", "uid-a", () -> "c1", () -> "claim-1")).contains(modified);
        cache.seed(B, "h1", "7", "uid-b", "claim-1", DriftEntry.of(B, "apps/v1", Verdict.Modified, null));
        assertThat(cache.get(B, "h1", "7", "uid-b", () -> "c1", () -> "claim-1")).isEmpty();
        assertThat(cache.remembered(A)).as("only InSync verdicts are recorded").isEmpty();
    }

    /**
     * Why the bound must exceed the objects an agent manages: checked in turn, as environments are, more objects than
     * slots miss every time (least recently used is exactly the next one asked), so each check dry-runs all of them.
     */
    @Test
    void objectsCheckedInTurnBeyondTheBoundAlwaysMissAndTheDefaultBoundHoldsFiftyThousand() {
        VerdictCache cache = new VerdictCache(100);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 101; i++) {
                ResourceKey key = ResourceKey.of("", "ConfigMap", "shop", "c" + i);
                if (cache.get(key, "h", "1").isEmpty()) {
                    cache.put(key, "h", "1", DriftEntry.of(key, "v1", Verdict.InSync, null));
                }
            }
        }
        assertThat(cache.hits()).as("101 objects, 100 slots").isZero();
        assertThat(dev.plumbline.diff.DiffOptions.defaults().cacheSize()).as("issue 17's 50,000 objects, with room")
                .isGreaterThanOrEqualTo(4 * 51_000);
    }
}
