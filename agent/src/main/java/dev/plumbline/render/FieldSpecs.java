package dev.plumbline.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The builtin field tables of {@code render/kustomize-fieldspecs.yaml}, loaded once. */
final class FieldSpecs {

    static final FieldSpecs BUILTIN = load("render/kustomize-fieldspecs.yaml");

    final List<FieldSpec> commonLabels;
    final List<FieldSpec> templateLabels;
    final List<FieldSpec> commonAnnotations;
    final List<FieldSpec> namespace;
    final List<FieldSpec> replicas;
    final List<FieldSpec> nameSkip;
    final List<FieldSpec> varReference;

    private FieldSpecs(Map<String, Object> tables) {
        commonLabels = specs(tables, "commonLabels");
        templateLabels = specs(tables, "templateLabels");
        commonAnnotations = specs(tables, "commonAnnotations");
        namespace = specs(tables, "namespace");
        replicas = specs(tables, "replicas");
        nameSkip = specs(tables, "nameSkip");
        varReference = specs(tables, "varReference");
    }

    private static List<FieldSpec> specs(Map<String, Object> tables, String name) {
        return Values.list(tables.get(name)).stream().map(e -> FieldSpec.of(Values.map(e))).toList();
    }

    static Map<String, Object> resource(String name) {
        try (InputStream in = FieldSpecs.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            Object root = YamlReader.defaults().read(name, in.readAllBytes(), false).get(0).root();
            return Values.map(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FieldSpecs load(String name) {
        return new FieldSpecs(resource(name));
    }
}
