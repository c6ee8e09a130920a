package dev.plumbline.schedule;

import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.EnvironmentSettings;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.reconcile.Agent;
import dev.plumbline.reconcile.GitRevisionSource;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcilerOptions;
import dev.plumbline.schedule.leader.Ownership;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the agent from {@code plumbline.*}: Git source, cluster connection, reconciler. */
@Factory
public class AgentFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AgentFactory.class);

    /** The schedule's clock: poll interval, jitter, backoff ({@code plumbline.repo.poll-interval}, {@code plumbline.schedule.*}). */
    @Singleton
    EnvironmentClock clock(AgentConfig.Repo repo, AgentConfig.Schedule schedule, MeterRegistry registry) {
        return new EnvironmentClock(ScheduleOptions.of(repo, schedule), registry);
    }

    @Singleton
    @Bean(preDestroy = "close")
    Agent agent(AgentConfig config, AgentConfig.Repo repo, MeterRegistry registry, Ownership ownership,
                @Value("${plumbline.history.max-records:1000}") int historyRecords,
                io.micronaut.context.env.Environment properties) {
        if (repo.getUrl() == null || repo.getUrl().isBlank()) {
            String reason = "no repository configured (plumbline.repo.url / PLUMBLINE_REPO_URL)";
            LOG.warn("plumbline serve: {}; serving health endpoints only", reason);
            return Agent.unconfigured(reason);
        }
        EnvironmentSettings environments = EnvironmentSettings.read(config, properties);
        if (environments.names().isEmpty()) {
            String reason = "no environments configured (plumbline.environments / PLUMBLINE_ENVIRONMENTS)";
            LOG.warn("plumbline serve: {}", reason);
            return Agent.unconfigured(reason);
        }
        GitSourceOptions options = GitSourceOptions.defaults().withUrl(repo.getUrl()).withBranch(repo.getBranch())
                .withTokenFile(repo.getTokenFile()).withUsernameFile(repo.getUsernameFile()).withPasswordFile(repo.getPasswordFile())
                .withCaBundleFile(repo.getCaFile()).withSshKeyFile(repo.getSshKeyFile())
                .withSshKeyPassphraseFile(repo.getSshKeyPassphraseFile()).withKnownHostsFile(repo.getKnownHostsFile());
        if (repo.getCacheDir() != null) {
            options = options.withCacheDir(repo.getCacheDir());
            // Helm charts pulled from chart repositories go beside the Git cache (the chart's writable volume), unless
            // plumbline.render.chart-cache names a place, as render budgets are named (decision 0024)
            if (System.getProperty("plumbline.render.chart-cache") == null) {
                System.setProperty("plumbline.render.chart-cache", repo.getCacheDir().resolve("charts").toString());
            }
        }
        GitSource git = new GitSource(options);
        ClusterConnection cluster = ClusterConnection.connect(config.getKubeconfig());
        Reconciler reconciler = new Reconciler(cluster, new GitRevisionSource(git),
                ReconcilerOptions.defaults().withStateNamespace(config.getStateNamespace())
                        .withWatchNamespaces(config.getNamespaces()).withWriteGate(ownership)
                        .withHistoryRecords(historyRecords).withLimits(environments.limits())
                        .withInstance(config.getInstance()), registry);
        LOG.info("plumbline serve: reconciling {} from {} (branch {}) into {}", environments.names(), git.url().masked(),
                repo.getBranch(), cluster.server());
        environments.limits().forEach((env, limits) -> LOG.info("plumbline serve: {} limited to {}", env, limits));
        return new Agent(environments.names(), reconciler, null);
    }
}
