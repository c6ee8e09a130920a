package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.config.PolicyException;
import dev.plumbline.config.PolicyParser;
import dev.plumbline.render.DesiredState;
import dev.plumbline.render.KindScopes;
import dev.plumbline.render.RenderException;
import dev.plumbline.render.RenderOptions;
import dev.plumbline.render.RenderProblem;
import dev.plumbline.render.Renderer;
import dev.plumbline.render.Restrictions;
import dev.plumbline.resource.RepoTree;
import dev.plumbline.rollout.RolloutChecks;
import dev.plumbline.rollout.Strategies;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One environment at one revision: its policy ({@code plumbline.yaml}) and its desired objects. Rendering is
 * all-or-nothing: a broken policy or manifest fails the whole environment, with every problem found.
 */
public record RenderedEnvironment(String environment, EnvironmentPolicy policy, DesiredState state) {

    private static final Pattern LOCATED = Pattern.compile("^(.+?):(\\d+): (.*)$", Pattern.DOTALL);
    private static final Renderer RENDERER = new Renderer();

    /** Parses the policy, then renders with its namespace and restrictions (offline: no limits, built-in scopes). */
    public static RenderedEnvironment render(RepoTree tree, String environment) {
        return render(tree, environment, EnvironmentLimits.none(), null);
    }

    /**
     * As {@link #render(RepoTree, String)} for {@code plumbline render} and {@code validate}: a namespaced object that
     * names no namespace while {@code plumbline.yaml} sets no default is printed as written, with a warning, as
     * {@code kubectl kustomize} prints it (diff and sync refuse it: they render with {@link #render}).
     */
    public static RenderedEnvironment preview(RepoTree tree, String environment) {
        return render(tree, environment, EnvironmentLimits.none(), null, true);
    }

    /**
     * Parses the policy, then renders with its namespace and restrictions inside the operator's {@code limits}, each
     * kind's scope from {@code scopes} (the cluster's discovery; {@code null}: offline).
     */
    public static RenderedEnvironment render(RepoTree tree, String environment, EnvironmentLimits limits, KindScopes scopes) {
        return render(tree, environment, limits, scopes, false);
    }

    private static RenderedEnvironment render(RepoTree tree, String environment, EnvironmentLimits limits,
                                              KindScopes scopes, boolean preview) {
        String policyPath = policyPath(environment);
        EnvironmentPolicy policy;
        List<RenderProblem> policyProblems = new ArrayList<>();
        try {
            policy = policy(tree, environment);
            promotionProblem(tree, environment, policy).ifPresent(policyProblems::add);
        } catch (PolicyException e) {
            e.problems().forEach(p -> policyProblems.add(toProblem(policyPath, p)));
            policy = EnvironmentPolicy.defaults();
        }
        DesiredState state;
        try {
            RenderOptions options = options(policy, limits).withKindScopes(scopes);
            state = RENDERER.render(tree, environment, preview ? options.asPreview() : options);
        } catch (RenderException e) {
            // Report the policy's problems together with the manifests', so one run shows everything.
            List<RenderProblem> all = new ArrayList<>(policyProblems);
            all.addAll(e.problems());
            throw new RenderException("environment " + environment, all);
        }
        policyProblems.addAll(RolloutChecks.problems(policyPath, policy, state.objects(), Strategies.defaults()));
        if (!policyProblems.isEmpty()) {
            policyProblems.addAll(state.warnings());
            throw new RenderException("environment " + environment, policyProblems);
        }
        return new RenderedEnvironment(environment, policy, state);
    }

    /**
     * The environment's policy alone, as {@link #render} reads it (before the operator's limits), without rendering its
     * objects: what the gate needs of a head it may not converge to.
     *
     * @throws PolicyException when {@code plumbline.yaml} is invalid (render it for the located problems)
     */
    public static EnvironmentPolicy policy(RepoTree tree, String environment) {
        String path = policyPath(environment);
        return PolicyParser.parse(path, tree.isFile(path) ? tree.readString(path) : null);
    }

    /**
     * {@code promotion.after} must name another environment of the same repository: a folder under
     * {@code environments/} at this very revision (a typo would otherwise hold the environment forever).
     */
    static java.util.Optional<RenderProblem> promotionProblem(RepoTree tree, String environment, EnvironmentPolicy policy) {
        EnvironmentPolicy.Promotion p = policy.promotion();
        if (p == null) {
            return java.util.Optional.empty();
        }
        String path = policyPath(environment);
        if (p.after().equals(environment)) {
            return java.util.Optional.of(RenderProblem.error(path, p.line(), "promotion.after names this environment itself"));
        }
        if (p.after().contains("/") || p.after().startsWith(".") || !tree.isDirectory(Renderer.environmentDir(p.after()))) {
            return java.util.Optional.of(RenderProblem.error(path, p.line(), "promotion.after: no environment '" + p.after()
                    + "' (no folder " + Renderer.environmentDir(p.after()) + "/ in this revision)"));
        }
        return java.util.Optional.empty();
    }

    private static String policyPath(String environment) {
        return Renderer.environmentDir(environment) + "/" + Renderer.POLICY_FILE;
    }

    /** Every folder under {@code environments/}, sorted. */
    public static List<String> environments(RepoTree tree) {
        return tree.list(Renderer.ENVIRONMENTS).stream()
                .filter(name -> tree.isDirectory(Renderer.environmentDir(name)))
                .toList();
    }

    static RenderOptions options(EnvironmentPolicy policy, EnvironmentLimits limits) {
        EnvironmentPolicy.Restrictions r = policy.restrictions();
        Restrictions git = new Restrictions(r.namespaces(), r.clusterScoped());
        Restrictions bound = bound(limits);
        return RenderOptions.defaults()
                .withDefaultNamespace(policy.namespace())
                .withRestrictions(bound != null ? git.within(bound) : git);
    }

    /** The operator's namespaces and cluster-scoped kinds as restrictions: what render and prune stay inside; null: none. */
    static Restrictions bound(EnvironmentLimits limits) {
        return limits.namespaces() == null && limits.clusterScoped() == null ? null
                : new Restrictions(limits.namespaces(), limits.clusterScoped());
    }

    private static RenderProblem toProblem(String file, String located) {
        Matcher m = LOCATED.matcher(located);
        return m.matches()
                ? RenderProblem.error(m.group(1), Integer.parseInt(m.group(2)), m.group(3))
                : RenderProblem.error(file, 0, located);
    }
}
