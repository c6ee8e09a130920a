package dev.plumbline.schedule.leader;

import dev.plumbline.config.AgentConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * {@link Leadership} from {@code plumbline.leader-election.*} (it exists, always open, when election is off too);
 * {@link Shards} with {@code plumbline.ha.mode: sharded} (same durations and identity); and the {@link Ownership} the
 * schedule, the reconciler and the API ask, chosen by {@code plumbline.ha.mode} ({@code leader}, the default, or
 * {@code sharded}).
 */
@Factory
public class LeaderFactory {

    public static final String MODE = "plumbline.ha.mode";

    @Singleton
    @Bean(typed = Leadership.class)
    Leadership leadership(AgentConfig config, AgentConfig.LeaderElection election, MeterRegistry registry) {
        return new Leadership(ElectionOptions.of(election, config.getStateNamespace()), registry);
    }

    @Singleton
    @Bean(typed = Shards.class)
    @Requires(property = MODE, value = "sharded")
    Shards shards(AgentConfig config, AgentConfig.LeaderElection election, MeterRegistry registry) {
        return new Shards(ElectionOptions.of(election, config.getStateNamespace()).withEnabled(true), registry);
    }

    @Singleton
    @Bean(typed = Ownership.class)
    Ownership ownership(@Value("${" + MODE + ":leader}") String mode, Leadership leadership, Optional<Shards> shards) {
        return switch (mode) {
            case "leader" -> leadership;
            case "sharded" -> shards.orElseThrow();
            default -> throw new IllegalArgumentException(MODE + " must be leader or sharded, not " + mode);
        };
    }
}
