package dev.plumbline.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code rollouts:} in {@code plumbline.yaml}: how a new pod template of one Deployment reaches its pods.
 * Parsed by {@link RolloutParser}; whether the Deployment and the Service exist is checked against the render
 * ({@code reconcile.RenderedEnvironment}), at {@link #line}.
 *
 * <pre>
 * rollouts:
 *   orders-api:                    # a Deployment rendered in this environment
 *     strategy: canary             # canary | blueGreen
 *     service: orders-api          # the Service routing to its pods
 *     steps: [10, 50, 100]         # canary: % of pods on the new version, ascending, ending at 100
 *     interval: 30s                # each step is held this long while every analysis passes
 *     analysis:
 *       podHealth: {maxRestarts: 0}
 *       maxInconclusive: 3         # inconclusive looks in a row before the step fails
 *     autoRollback: true
 * </pre>
 *
 * @param name           the Deployment's name (the key under {@code rollouts:})
 * @param strategy       canary or blue-green
 * @param service        the Service whose selector reaches the Deployment's pods
 * @param steps          canary: ascending pod shares in percent, the last one 100; blue-green: empty
 * @param interval       how long each step is held while analysis runs
 * @param scaleDownDelay blue-green: how long the old version stays scaled after the switch
 * @param router         traffic weights beyond pod share; {@code null}: the Service alone (traffic follows pods)
 * @param analysis       the checks every step must pass
 * @param autoRollback   a failed analysis rolls back at once; {@code false}: the rollout pauses for promote or abort
 * @param line           the line of the key in {@code plumbline.yaml}, for errors found after parsing (0: unknown)
 */
public record Rollout(String name, Strategy strategy, String service, List<Integer> steps, Duration interval,
                      Duration scaleDownDelay, Router router, Analysis analysis, boolean autoRollback, int line) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);

    public Rollout {
        steps = steps == null ? List.of() : List.copyOf(steps);
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        scaleDownDelay = scaleDownDelay == null ? DEFAULT_SCALE_DOWN_DELAY : scaleDownDelay;
        analysis = analysis == null ? Analysis.defaults() : analysis;
    }

    /** The pod share of step {@code index} (0-based), in percent. */
    public int weight(int index) {
        return steps.isEmpty() ? 100 : steps.get(Math.min(index, steps.size() - 1));
    }

    /** The strategies; in YAML and JSON the camel-case word. */
    public enum Strategy {
        CANARY("canary"), BLUE_GREEN("blueGreen");

        private final String word;

        Strategy(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Optional<Strategy> of(String word) {
            for (Strategy s : values()) {
                if (s.word.equals(word)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * {@code router: {httpRoute: orders}} or {@code {ingressNginx: orders}}: the object whose weights follow the steps.
     *
     * @param kind {@code httpRoute} (Gateway API HTTPRoute) or {@code ingressNginx} (an Ingress, canary annotations)
     * @param name that object's name, in the Deployment's namespace
     */
    public record Router(String kind, String name) {
        public static final List<String> KINDS = List.of("httpRoute", "ingressNginx");
    }

    /**
     * The checks of every step: all must pass. Inconclusive (no pods yet, no data, Prometheus down) is neither pass nor
     * fail: the step is held (phase Paused, with why) and fails after {@code maxInconclusive} looks in a row.
     *
     * @param podHealth       the new version's pods are ready and restarted at most {@code maxRestarts} times (always on)
     * @param prometheus      canary vs baseline (or an absolute bound) from Prometheus; {@code null}: none
     * @param maxInconclusive inconclusive looks in a row before the step counts as failed
     */
    public record Analysis(PodHealth podHealth, Prometheus prometheus, int maxInconclusive) {

        public Analysis {
            podHealth = podHealth == null ? PodHealth.defaults() : podHealth;
        }

        public static Analysis defaults() {
            return new Analysis(PodHealth.defaults(), null, 3);
        }
    }

    /** @param maxRestarts restarts of any container of the new version's pods that still pass */
    public record PodHealth(int maxRestarts) {
        public static PodHealth defaults() {
            return new PodHealth(0);
        }
    }

    /**
     * @param address     Prometheus' base URL
     * @param query       PromQL giving one number for the new version (e.g. its error ratio)
     * @param baseline    PromQL giving the same number for the stable version; {@code null} with {@code max}
     * @param maxIncrease fail when query &gt; baseline + maxIncrease
     * @param max         fail when query &gt; max (an absolute threshold); {@code null}: compare with the baseline
     * @param queryAt     where {@code query} is written, {@code <file>:<line>} ({@code null}: unknown): a query answering
     *                    many series is only known when it runs, and is reported as the repository's error there
     * @param baselineAt  where {@code baseline} is written, likewise
     */
    public record Prometheus(String address, String query, String baseline, double maxIncrease, Double max,
                             String queryAt, String baselineAt) {

        public Prometheus(String address, String query, String baseline, double maxIncrease, Double max) {
            this(address, query, baseline, maxIncrease, max, null, null);
        }
    }
}
