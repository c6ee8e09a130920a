package dev.plumbline.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GateKeysTest {

    private static EnvironmentPolicy parse(String yaml) {
        return PolicyParser.parse("plumbline.yaml", yaml);
    }

    @Test
    void everyLoosenedKeyIsListedWithItsOldAndNewValue() {
        EnvironmentPolicy approved = parse("""
                sync: {auto: false, prune: false, selfHeal: false, suspend: true, allowEmpty: false, maxPrunePercent: 10, maxPruneCount: 2}
                restrictions: {namespaces: [shop], clusterScoped: [Namespace]}
                """);
        EnvironmentPolicy proposed = parse("""
                sync: {auto: true, prune: true, selfHeal: true, suspend: false, allowEmpty: true, maxPrunePercent: 50, maxPruneCount: 3}
                restrictions: {namespaces: [shop, kube-system], clusterScoped: [Namespace, ClusterRole]}
                """);
        assertThat(GateKeys.loosened(approved, proposed)).extracting(PolicyChange::toString).containsExactly(
                "sync.auto: false -> true", "sync.prune: false -> true", "sync.selfHeal: false -> true",
                "sync.suspend: true -> false", "sync.allowEmpty: false -> true", "sync.maxPrunePercent: 10 -> 50",
                "sync.maxPruneCount: 2 -> 3", "restrictions.namespaces: [shop] -> [shop, kube-system]",
                "restrictions.clusterScoped: [Namespace] -> [Namespace, ClusterRole]");
        assertThat(GateKeys.loosened(proposed, approved)).as("the reverse only tightens").isEmpty();
    }

    @Test
    void droppingARestrictionListIsWideningToAny() {
        EnvironmentPolicy approved = parse("restrictions: {namespaces: [shop], clusterScoped: []}\n");
        assertThat(GateKeys.loosened(approved, parse("namespace: shop\n"))).extracting(PolicyChange::toString)
                .containsExactly("restrictions.namespaces: [shop] -> any", "restrictions.clusterScoped: [] -> any");
        assertThat(GateKeys.loosened(parse("namespace: shop\n"), approved)).isEmpty();
    }

    @Test
    void requireApprovalTurnsAutoSyncOffWhateverGitSays() {
        EnvironmentLimits limits = new EnvironmentLimits(null, null, true);
        assertThat(limits.govern(parse("sync: {auto: true}\n")).sync().auto()).isFalse();
        assertThat(EnvironmentLimits.none().govern(parse("sync: {auto: true}\n")).sync().auto()).isTrue();
    }

    @Test
    void removingShorteningOrRedirectingPromotionLoosensItAndLengtheningDoesNot() {
        EnvironmentPolicy approved = parse("promotion: {after: staging, soak: 10m}\n");
        assertThat(GateKeys.loosened(approved, parse("namespace: shop\n"))).extracting(PolicyChange::toString)
                .containsExactly("promotion: after staging, soak 10m -> none");
        assertThat(GateKeys.loosened(approved, parse("promotion: {after: staging, soak: 5m}\n")))
                .extracting(PolicyChange::toString).containsExactly("promotion: after staging, soak 10m -> after staging, soak 5m");
        assertThat(GateKeys.loosened(approved, parse("promotion: {after: qa, soak: 10m}\n")))
                .extracting(PolicyChange::key).containsExactly("promotion");
        assertThat(GateKeys.loosened(approved, parse("# moved down\npromotion:\n  after: staging\n  soak: 1h\n")))
                .as("a longer soak, on another line, tightens").isEmpty();
        assertThat(GateKeys.loosened(parse("namespace: shop\n"), approved)).as("adding a promotion tightens").isEmpty();
    }
}
