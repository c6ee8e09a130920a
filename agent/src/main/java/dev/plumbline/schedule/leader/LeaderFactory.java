package dev.plumbline.schedule.leader;

import dev.plumbline.config.AgentConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** {@link Leadership} from {@code plumbline.leader-election.*}; it exists (always open) when election is off too. */
@Factory
public class LeaderFactory {

    @Singleton
    Leadership leadership(AgentConfig config, AgentConfig.LeaderElection election, MeterRegistry registry) {
        return new Leadership(ElectionOptions.of(election, config.getStateNamespace()), registry);
    }
}
