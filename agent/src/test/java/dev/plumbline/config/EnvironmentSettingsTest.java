package dev.plumbline.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both forms of {@code plumbline.environments}, bound by Micronaut as the agent binds them. */
class EnvironmentSettingsTest {

    private static EnvironmentSettings read(Map<String, Object> properties) {
        // Only the configuration beans: the agent's @Context scheduler is not wanted here.
        try (ApplicationContext ctx = ApplicationContext.builder().propertySources(PropertySource.of("t", properties))
                .eagerInitSingletons(false).build().start()) {
            return EnvironmentSettings.read(ctx.getBean(AgentConfig.class), ctx.getEnvironment());
        }
    }

    @Test
    void theListFormStaysValidAndHasNoLimits() {
        EnvironmentSettings list = read(Map.of("plumbline.environments", List.of("staging", "production")));
        assertThat(list.names()).containsExactly("staging", "production");
        assertThat(list.limits()).isEmpty();
        assertThat(read(Map.of("plumbline.environments", "staging,production")).names()).containsExactly("staging", "production");
    }

    @Test
    void theMapFormCarriesTheOperatorsLimits() {
        EnvironmentSettings map = read(Map.of("plumbline", Map.of("environments", Map.of(
                "production", Map.of("namespaces", List.of("shop", "shop-*"), "cluster-scoped", List.of("Namespace"),
                        "require-approval", true),
                "staging", Map.of("require-approval", false)))));
        assertThat(map.names()).containsExactly("production", "staging");
        assertThat(map.limits().get("production")).isEqualTo(new EnvironmentLimits(List.of("shop", "shop-*"),
                List.of("Namespace"), true));
        assertThat(map.limits().get("staging")).isEqualTo(EnvironmentLimits.none());
    }

    @Test
    void aMisspeltLimitIsAStartUpError() {
        assertThatThrownBy(() -> read(Map.of("plumbline", Map.of("environments", Map.of(
                "production", Map.of("namespace", List.of("shop")))))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("plumbline.environments.production.namespace");
    }

    @Test
    void aServiceAccountIsAcceptedAndABareNameLiesInTheStateNamespace() {
        EnvironmentSettings map = read(Map.of("plumbline", Map.of("environments", Map.of(
                "production", Map.of("service-account", "shop-deployer"),
                "staging", Map.of("serviceAccount", "team-a/deployer")))));
        EnvironmentLimits production = map.limits().get("production");
        assertThat(production.serviceAccount()).isEqualTo("shop-deployer");
        assertThat(production.impersonate("plumbline-system")).contains(new ServiceAccountRef("plumbline-system", "shop-deployer"));
        assertThat(production.impersonate("plumbline-system").orElseThrow().username())
                .isEqualTo("system:serviceaccount:plumbline-system:shop-deployer");
        assertThat(production.impersonate("plumbline-system").orElseThrow().groups()).containsExactly(
                "system:serviceaccounts", "system:serviceaccounts:plumbline-system", "system:authenticated");
        EnvironmentLimits staging = map.limits().get("staging");
        assertThat(staging.impersonate("plumbline-system")).contains(new ServiceAccountRef("team-a", "deployer"));
        assertThat(staging.impersonate("plumbline-system").orElseThrow().username()).isEqualTo("system:serviceaccount:team-a:deployer");
        assertThat(EnvironmentLimits.none().impersonate("plumbline-system")).isEmpty();
    }

    @Test
    void aServiceAccountThatIsNoNameIsAStartUpError() {
        for (String bad : List.of("a/b/c", "/b", "a/", "Shop", "system:serviceaccount:a:b", "")) {
            assertThatThrownBy(() -> read(Map.of("plumbline", Map.of("environments", Map.of(
                    "production", Map.of("service-account", bad, "require-approval", false))))))
                    .as(bad).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("plumbline.environments.production.service-account read failed");
        }
    }
}
