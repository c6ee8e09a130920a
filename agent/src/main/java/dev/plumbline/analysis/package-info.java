/**
 * Analysis: judges one step of a rollout (issue 14, DESIGN "Progressive delivery") by what the new version does,
 * never by how it was applied. Each check yields a {@link dev.plumbline.analysis.Measurement}: the value seen, the
 * threshold it was held to and an {@link dev.plumbline.analysis.Outcome}.
 *
 * <p>Semantics.
 * <ul>
 *   <li>{@link dev.plumbline.analysis.PodHealthAnalysis} (the default): every pod of the track is Ready and none has
 *       restarted more than {@code maxRestarts} times; no pod yet is Inconclusive;</li>
 *   <li>{@link dev.plumbline.analysis.PrometheusAnalysis}: a PromQL {@code query} for the canary and a {@code baseline}
 *       query for the stable version; fail when canary &gt; baseline + {@code maxIncrease} (Flagger's and Argo
 *       Rollouts' comparison), or, without a baseline, when canary &gt; {@code max};</li>
 *   <li>Inconclusive is neither pass nor fail: no data yet, Prometheus unreachable or answering 5xx. The rollout
 *       pauses and reports it, and fails after a limit (the caller counts);</li>
 *   <li>a query that cannot be judged at all — refused as bad PromQL (HTTP 400/422), or answering more than one
 *       series — is the repository's mistake, not the canary's: {@link dev.plumbline.analysis.AnalysisException} names
 *       the query and why, and the caller reports it against {@code plumbline.yaml}.</li>
 * </ul>
 *
 * <p>Example, in an environment's {@code plumbline.yaml}:
 * <pre>{@code
 * rollouts:
 *   orders-api:
 *     analysis:
 *       podHealth: {maxRestarts: 0}
 *       prometheus:
 *         address: http://prometheus.monitoring:9090
 *         query: sum(rate(http_requests_total{track="canary",code=~"5.."}[1m])) / sum(rate(http_requests_total{track="canary"}[1m]))
 *         baseline: sum(rate(http_requests_total{track="stable",code=~"5.."}[1m])) / sum(rate(http_requests_total{track="stable"}[1m]))
 *         maxIncrease: 0.01
 * }</pre>
 */
package dev.plumbline.analysis;
