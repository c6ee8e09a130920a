package dev.plumbline.diff;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttributionTest {

    @Test
    void conflictCausesNameManagerAndSubresource() {
        var byField = Attribution.parseConflicts(List.of(
                "conflict with \"kubectl-edit\" using apps/v1: .spec.replicas",
                "conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.template.spec.containers[name=\"api\"].image",
                "something else entirely"));
        assertThat(byField).hasSize(2);
        assertThat(byField.get("spec.replicas")).isEqualTo(new ChangedBy("kubectl-edit", null, null, null));
        assertThat(byField.get("spec.template.spec.containers[name=api].image"))
                .isEqualTo(new ChangedBy("kubectl", null, "scale", null));
    }

    @Test
    void conflictsFillOnlyUnknownAttributions() {
        FieldChange unknown = new FieldChange("/spec/replicas", "spec.replicas", 2, 5, ChangedBy.UNKNOWN);
        ChangedBy set = new ChangedBy("kubectl-set", "Update", null, "t");
        FieldChange known = new FieldChange("/spec/x", "spec.x", 1, 2, set);
        List<FieldChange> out = Attribution.fromConflicts(List.of(unknown, known), List.of(
                "conflict with \"ops\" using apps/v1: .spec.replicas",
                "conflict with \"other\" using apps/v1: .spec.x"));
        assertThat(out.get(0).changedBy().manager()).isEqualTo("ops");
        assertThat(out.get(1).changedBy()).isEqualTo(set);
    }
}
