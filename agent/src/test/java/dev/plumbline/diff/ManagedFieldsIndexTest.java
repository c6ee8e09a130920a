package dev.plumbline.diff;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ManagedFieldsIndexTest {

    private static final Map<String, Object> LIVE = new Yaml().load("""
            metadata:
              finalizers: [a.example.com/x, b.example.com/y]
              managedFields:
              - manager: plumbline
                operation: Apply
                time: "2024-05-01T00:00:00Z"
                fieldsType: FieldsV1
                fieldsV1:
                  f:spec:
                    f:containers:
                      'k:{"name":"api"}': {.: {}, f:name: {}, f:image: {}}
              - manager: kube-controller-manager
                operation: Update
                subresource: status
                time: "2024-05-02T00:00:00Z"
                fieldsType: FieldsV1
                fieldsV1: {f:metadata: {f:finalizers: {'v:"b.example.com/y"': {}}}}
              - manager: kubectl-edit
                operation: Update
                time: "2024-05-03T00:00:00Z"
                fieldsType: FieldsV1
                fieldsV1: {f:spec: {f:containers: {'k:{"name":"api"}': {f:image: {}}}, f:tolerations: {i:1: {.: {}}}}}
              - manager: kubectl-set
                operation: Update
                time: "2024-05-04T00:00:00Z"
                fieldsType: FieldsV1
                fieldsV1: {f:spec: {f:containers: {'k:{"name":"api"}': {f:image: {}}}}}
            spec:
              containers:
              - {name: api, image: x, ports: [{containerPort: 80}]}
              tolerations: [{key: a}, {key: b}]
            """);

    private final ManagedFieldsIndex index = ManagedFieldsIndex.of(LIVE);

    @Test
    void parsesEveryEntryWithItsSubresource() {
        assertThat(index.entries()).extracting(ManagedFieldsIndex.Entry::manager)
                .containsExactly("plumbline", "kube-controller-manager", "kubectl-edit", "kubectl-set");
        assertThat(index.entries().get(1).changedBy())
                .isEqualTo(new ChangedBy("kube-controller-manager", "Update", "status", "2024-05-02T00:00:00Z"));
    }

    @Test
    void exactOwnersOtherThanSelfAndTheMostRecentIsChosen() {
        List<ChangedBy> owners = index.owners(path(key("spec"), key("containers"), item(0, "name", "api"),
                key("image")), LIVE, "plumbline");
        assertThat(owners).extracting(ChangedBy::manager).containsExactlyInAnyOrder("kubectl-edit", "kubectl-set");
        assertThat(Attribution.choose(owners).manager()).isEqualTo("kubectl-set");
    }

    @Test
    void closestOwnedAncestorWhenNobodyOwnsTheLeaf() {
        // ports[0] is not in any set; the container item is owned as a whole ('.') by plumbline only: Git's own change
        List<Segment> ports = path(key("spec"), key("containers"), item(0, "name", "api"), key("ports"));
        assertThat(index.owners(ports, LIVE, "plumbline")).isEmpty();
        assertThat(index.owners(ports, LIVE, "someone-else")).extracting(ChangedBy::manager).containsExactly("plumbline");
    }

    @Test
    void setItemsByValueAndListItemsByIndex() {
        List<Segment> finalizer = path(key("metadata"), key("finalizers"), item(1, null, null));
        assertThat(index.owners(finalizer, LIVE, "plumbline")).extracting(ChangedBy::manager)
                .containsExactly("kube-controller-manager");
        List<Segment> toleration = path(key("spec"), key("tolerations"), item(1, null, null), key("key"));
        assertThat(index.owners(toleration, LIVE, "plumbline")).extracting(ChangedBy::manager)
                .containsExactly("kubectl-edit");
        List<Segment> first = path(key("spec"), key("tolerations"), item(0, null, null));
        assertThat(index.owners(first, LIVE, "plumbline")).isEmpty();
    }

    @Test
    void itemsOnlyInTheDesiredObjectHaveNoLiveOwner() {
        List<Segment> added = path(key("spec"), key("containers"), new Segment.Item(0, "name", "api", false));
        assertThat(index.owners(added, LIVE, "nobody")).isEmpty();
    }

    @Test
    void keyMatchingComparesNumbersByValue() {
        assertThat(ManagedFieldsIndex.matches("k:{\"containerPort\":8080,\"protocol\":\"TCP\"}",
                Map.of("containerPort", 8080L, "protocol", "TCP", "name", "http"), 0)).isTrue();
        assertThat(ManagedFieldsIndex.matches("k:{\"containerPort\":8080,\"protocol\":\"UDP\"}",
                Map.of("containerPort", 8080, "protocol", "TCP"), 0)).isFalse();
        assertThat(ManagedFieldsIndex.matches("v:5", 5L, 3)).isTrue();
        assertThat(ManagedFieldsIndex.matches("i:3", "anything", 3)).isTrue();
        assertThat(ManagedFieldsIndex.matches("k:{not json", Map.of(), 0)).isFalse();
    }

    @Test
    void noManagedFieldsNoOwners() {
        ManagedFieldsIndex empty = ManagedFieldsIndex.of(Map.of("metadata", Map.of()));
        assertThat(empty.owners(path(key("spec")), Map.of(), "plumbline")).isEmpty();
        assertThat(Attribution.choose(List.of())).isEqualTo(ChangedBy.UNKNOWN);
    }

    static Segment key(String name) {
        return new Segment.Key(name);
    }

    static Segment item(int index, String keyField, Object keyValue) {
        return new Segment.Item(index, keyField, keyValue, true);
    }

    static List<Segment> path(Segment... segments) {
        return List.of(segments);
    }
}
