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
    void aServiceAccountIsRefusedWhileImpersonationIsNotImplemented() {
        assertThatThrownBy(() -> read(Map.of("plumbline", Map.of("environments", Map.of(
                "production", Map.of("service-account", "shop-deployer"))))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("service-account")
                .hasMessageContaining("impersonation is not supported");
    }
}
