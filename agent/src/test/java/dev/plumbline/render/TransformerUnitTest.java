package dev.plumbline.render;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TransformerUnitTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "nginx                                  | nginx                      | -      | -",
            "nginx:1.25                             | nginx                      | 1.25   | -",
            "nginx@sha256:abc                       | nginx                      | -      | sha256:abc",
            "nginx:1.25@sha256:abc                  | nginx                      | 1.25   | sha256:abc",
            "registry.local:5000/team/app           | registry.local:5000/team/app | -    | -",
            "registry.local:5000/team/app:2         | registry.local:5000/team/app | 2    | -",
    })
    void splitsImageReferences(String image, String name, String tag, String digest) {
        assertThat(ImageTransformer.split(image)).containsExactly(name, tag, digest);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "app=web                 | true",
            "app==web                | true",
            "app!=web                | false",
            "app in (api, web)       | true",
            "app notin (api, web)    | false",
            "tier                    | true",
            "!tier                   | false",
            "!missing                | true",
            "app=web,tier=backend    | true",
            "app=web,tier in (front) | false",
    })
    void selectsLikeKubernetesLabelSelectors(String selector, boolean matches) {
        Map<String, Object> labels = Map.of("app", "web", "tier", "backend");
        assertThat(TargetSelector.selector(selector).test(labels)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shop      | shop     | true",
            "shop-*    | shop-eu  | true",
            "shop-*    | shop     | false",
            "team-?    | team-a   | true",
            "a.b       | axb      | false",
    })
    void namespaceGlobs(String glob, String namespace, boolean matches) {
        assertThat(Restrictions.globMatches(glob, namespace)).isEqualTo(matches);
    }
}
