package dev.plumbline.render;

import dev.plumbline.resource.RepoTree;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders one environment folder ({@code environments/<env>/}) of a repository snapshot into a
 * {@link DesiredState}: with Kustomize semantics when the folder holds a kustomization, else from its plain YAML
 * files. All-or-nothing: any error (with file:line) fails the whole render with a {@link RenderException} listing
 * every error found. Stateless and thread-safe.
 */
public final class Renderer {

    /** Plumbline's own per-environment policy file; never a manifest. */
    public static final String POLICY_FILE = "plumbline.yaml";
    public static final String ENVIRONMENTS = "environments";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The repository folder of an environment: {@code environments/<env>}. */
    public static String environmentDir(String environment) {
        return ENVIRONMENTS + "/" + environment;
    }

    public DesiredState render(RepoTree tree, String environment, RenderOptions options) {
        String subject = "environment " + environment;
        Problems problems = new Problems();
        String dir = environmentDir(environment);
        if (environment == null || !ENV_NAME.matcher(environment).matches() || environment.equals("..")) {
            problems.error(ENVIRONMENTS, 0, "`" + environment + "` is not a valid environment name");
        } else if (!tree.isDirectory(dir)) {
            problems.error(dir, 0, "environment folder does not exist");
        }
        problems.throwIfErrors(subject);
        BudgetMeter meter = new BudgetMeter(options.budget());
        RepoTree budgeted = new BudgetedTree(tree, meter);
        YamlReader reader = new YamlReader(meter);
        List<Resource> resources;
        try {
            String kustomization = KustomizeBuilder.kustomizationFile(budgeted, dir, problems);
            resources = kustomization != null
                    ? new KustomizeBuilder(budgeted, reader, options, problems).build(dir)
                    : new PlainYaml(budgeted, reader, problems).read(dir);
        } catch (RepoTree.RepoPathException e) {
            problems.error(e.path(), 0, e.getMessage().substring(e.path().length() + 2));
            resources = List.of();
        } catch (BudgetMeter.Exceeded e) {
            problems.add(e.problem()); // the render stops here: what was read so far is dropped with it
            resources = List.of();
        }
        problems.throwIfErrors(subject);
        List<DesiredObject> objects = RenderPolicy.apply(resources, options, problems);
        problems.throwIfErrors(subject);
        return new DesiredState(tree.revision(), environment, objects, problems.warnings());
    }
}
