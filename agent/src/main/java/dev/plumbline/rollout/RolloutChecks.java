package dev.plumbline.rollout;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.config.Rollout;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.RenderProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code rollouts:} asks of the render, checked with it (file:line of the rollout's key; nothing is applied while
 * one fails): the strategy is one this agent runs, the Deployment and the Service are rendered in this environment,
 * the Service's selector reaches the Deployment's pods, and nothing rendered is named like the canary.
 */
public final class RolloutChecks {

    private RolloutChecks() {
    }

    public static List<RenderProblem> problems(String policyFile, EnvironmentPolicy policy, List<DesiredObject> objects,
                                               Strategies strategies) {
        List<RenderProblem> out = new ArrayList<>();
        for (Rollout r : policy.rollouts()) {
            String at = "rollouts." + r.name();
            var strategy = strategies.find(r.strategy());
            if (strategy.isEmpty()) {
                out.add(RenderProblem.error(policyFile, r.line(), at + ".strategy: " + r.strategy().word() + " is not supported yet"));
                continue;
            }
            strategy.get().refuses(r).ifPresent(why -> out.add(RenderProblem.error(policyFile, r.line(), at + ": " + why)));
            List<DesiredObject> deployments = named(objects, "Deployment", r.name(), null);
            if (deployments.size() != 1) {
                out.add(RenderProblem.error(policyFile, r.line(), at + ": " + (deployments.isEmpty()
                        ? "no Deployment '" + r.name() + "' is rendered in this environment"
                        : "Deployment '" + r.name() + "' is rendered in several namespaces: " + deployments)));
                continue;
            }
            DesiredObject d = deployments.get(0);
            List<DesiredObject> services = named(objects, "Service", r.service(), d.namespace());
            if (services.isEmpty()) {
                out.add(RenderProblem.error(policyFile, r.line(), at + ".service: no Service '" + r.service()
                        + "' is rendered in namespace " + d.namespace() + " (beside Deployment/" + d.namespace() + "/" + r.name() + ")"));
            } else if (!selects(services.get(0), d)) {
                out.add(RenderProblem.error(policyFile, r.line(), at + ".service: the selector of " + services.get(0).key()
                        + " does not select the pods of " + d.key()));
            }
            String canary = CanaryObjects.canaryName(r.name());
            if (!named(objects, "Deployment", canary, d.namespace()).isEmpty()) {
                out.add(RenderProblem.error(policyFile, r.line(), at + ": Deployment/" + d.namespace() + "/" + canary
                        + " is rendered, but the rollout creates that name for the new version"));
            }
        }
        return out;
    }

    private static List<DesiredObject> named(List<DesiredObject> objects, String kind, String name, String namespace) {
        return objects.stream().filter(o -> kind.equals(o.kind()) && name.equals(o.name())
                && (namespace == null || namespace.equals(o.namespace()))).toList();
    }

    @SuppressWarnings("unchecked")
    private static boolean selects(DesiredObject service, DesiredObject deployment) {
        Object s = service.body().get("spec");
        Object selector = s instanceof Map<?, ?> m ? m.get("selector") : null;
        if (!(selector instanceof Map<?, ?> sel) || sel.isEmpty()) {
            return false; // a Service without a selector routes to no pod of ours
        }
        Object labels = path(deployment.body(), "spec", "template", "metadata", "labels");
        Map<String, Object> podLabels = labels instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of();
        return sel.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(podLabels.get(String.valueOf(e.getKey())))));
    }

    private static Object path(Map<String, Object> body, String... keys) {
        Object at = body;
        for (String k : keys) {
            at = at instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return at;
    }
}
