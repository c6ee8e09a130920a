package dev.plumbline.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's own settings ({@code plumbline.*}): from {@code application.yml}, environment variables such as
 * {@code PLUMBLINE_REPO_URL}, or a file named in {@code MICRONAUT_CONFIG_FILES}. Secrets are always files.
 */
@ConfigurationProperties("plumbline")
public class AgentConfig {

    private List<String> environments = new ArrayList<>();
    private Path kubeconfig;
    private String stateNamespace = "plumbline-system";
    private List<String> namespaces = new ArrayList<>();
    private String instance = "";

    /**
     * {@code plumbline.instance}: with the repository URL, the source that owns the environments this agent syncs
     * (default empty). Two agents that follow the same repository into one cluster set different instances.
     */
    public String getInstance() {
        return instance;
    }

    public void setInstance(String instance) {
        this.instance = instance == null ? "" : instance;
    }

    /** {@code plumbline.namespaces}: watch only these (namespace-scoped RBAC); empty: cluster-wide. */
    public List<String> getNamespaces() {
        return namespaces;
    }

    public void setNamespaces(List<String> namespaces) {
        this.namespaces = namespaces == null ? new ArrayList<>() : namespaces;
    }

    public List<String> getEnvironments() {
        return environments;
    }

    public void setEnvironments(@io.micronaut.core.annotation.Nullable List<String> environments) {
        this.environments = environments == null ? new ArrayList<>() : environments;
    }

    public Path getKubeconfig() {
        return kubeconfig;
    }

    public void setKubeconfig(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    public String getStateNamespace() {
        return stateNamespace;
    }

    public void setStateNamespace(String stateNamespace) {
        this.stateNamespace = stateNamespace;
    }

    /** {@code plumbline.repo.*}: the manifests repository. */
    @ConfigurationProperties("repo")
    public static class Repo {
        private String url;
        private String branch = "main";
        private Duration pollInterval = Duration.ofSeconds(60);
        private Path tokenFile;
        private Path usernameFile;
        private Path passwordFile;
        private Path caFile;
        private Path sshKeyFile;
        private Path sshKeyPassphraseFile;
        private Path knownHostsFile;
        private Path cacheDir;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getBranch() { return branch; }
        public void setBranch(String branch) { this.branch = branch; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public Path getTokenFile() { return tokenFile; }
        public void setTokenFile(Path tokenFile) { this.tokenFile = tokenFile; }
        public Path getUsernameFile() { return usernameFile; }
        public void setUsernameFile(Path usernameFile) { this.usernameFile = usernameFile; }
        public Path getPasswordFile() { return passwordFile; }
        public void setPasswordFile(Path passwordFile) { this.passwordFile = passwordFile; }
        public Path getCaFile() { return caFile; }
        public void setCaFile(Path caFile) { this.caFile = caFile; }
        public Path getSshKeyFile() { return sshKeyFile; }
        public void setSshKeyFile(Path sshKeyFile) { this.sshKeyFile = sshKeyFile; }
        public Path getSshKeyPassphraseFile() { return sshKeyPassphraseFile; }
        public void setSshKeyPassphraseFile(Path sshKeyPassphraseFile) { this.sshKeyPassphraseFile = sshKeyPassphraseFile; }
        public Path getKnownHostsFile() { return knownHostsFile; }
        public void setKnownHostsFile(Path knownHostsFile) { this.knownHostsFile = knownHostsFile; }
        public Path getCacheDir() { return cacheDir; }
        public void setCacheDir(Path cacheDir) { this.cacheDir = cacheDir; }
    }

    /** {@code plumbline.api.*}: the HTTP API's bearer token. */
    @ConfigurationProperties("api")
    public static class Api {
        private Path tokenFile;
        private boolean protectReads;

        public Path getTokenFile() { return tokenFile; }
        public void setTokenFile(Path tokenFile) { this.tokenFile = tokenFile; }
        /** When true, GET endpoints need the token too (default: reads are open, as a drift report is for the field). */
        public boolean isProtectReads() { return protectReads; }
        public void setProtectReads(boolean protectReads) { this.protectReads = protectReads; }
    }

    /** {@code plumbline.webhook.*}: the shared secret Git webhooks are signed with (or, for GitLab, carry). */
    @ConfigurationProperties("webhook")
    public static class Webhook {
        private Path secretFile;

        /** Read on every request, so a rotated Secret takes effect without a restart; unset: every webhook is refused. */
        public Path getSecretFile() { return secretFile; }
        public void setSecretFile(Path secretFile) { this.secretFile = secretFile; }
    }

    /**
     * {@code plumbline.leader-election.*}: with several replicas only the holder of a {@code coordination.k8s.io/v1}
     * Lease reconciles and writes. Durations follow client-go's defaults (15s / 10s / 2s).
     */
    @ConfigurationProperties("leader-election")
    public static class LeaderElection {
        private boolean enabled;
        private String leaseName = "plumbline";
        private String leaseNamespace;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private String identity;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getLeaseName() { return leaseName; }
        public void setLeaseName(String leaseName) { this.leaseName = leaseName; }
        /** {@code null}: the state namespace. */
        public String getLeaseNamespace() { return leaseNamespace; }
        public void setLeaseNamespace(String leaseNamespace) { this.leaseNamespace = leaseNamespace; }
        public Duration getLeaseDuration() { return leaseDuration; }
        public void setLeaseDuration(Duration leaseDuration) { this.leaseDuration = leaseDuration; }
        public Duration getRenewDeadline() { return renewDeadline; }
        public void setRenewDeadline(Duration renewDeadline) { this.renewDeadline = renewDeadline; }
        public Duration getRetryPeriod() { return retryPeriod; }
        public void setRetryPeriod(Duration retryPeriod) { this.retryPeriod = retryPeriod; }
        /** {@code null}: {@code POD_NAME}, else the hostname plus a random suffix. */
        public String getIdentity() { return identity; }
        public void setIdentity(String identity) { this.identity = identity; }
    }

    /** {@code plumbline.schedule.*}: how the poll interval is spread and slowed down after failures. */
    @ConfigurationProperties("schedule")
    public static class Schedule {
        private double jitter = 0.1;
        private Duration maxBackoff = Duration.ofMinutes(10);
        private Duration shutdownGrace = Duration.ofSeconds(20);

        /** Each run fires at interval × (1 ± jitter), so agents and environments do not poll in lockstep. */
        public double getJitter() { return jitter; }
        public void setJitter(double jitter) { this.jitter = jitter; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
        /** How long shutdown waits for a running cycle to stop at its next object; below the pod's default 30 s termination grace, so the Lease is still released. */
        public Duration getShutdownGrace() { return shutdownGrace; }
        public void setShutdownGrace(Duration shutdownGrace) { this.shutdownGrace = shutdownGrace; }
    }
}
