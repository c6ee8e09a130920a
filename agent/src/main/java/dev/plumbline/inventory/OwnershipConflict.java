package dev.plumbline.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Another source claims an environment that {@code owner} owns: it gets this, environment-level, and applies and
 * prunes nothing there. Data, not an exception: it is reported (drift report, ChangeSet, CLI), not thrown.
 *
 * @param environment the environment
 * @param owner       the source recorded in the cluster
 * @param claimant    the source that asked
 */
@JsonIgnoreProperties(value = {"message"}, allowGetters = true)
public record OwnershipConflict(String environment, Owner owner, Owner claimant) {

    public OwnershipConflict {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(claimant, "claimant");
    }

    @JsonProperty("message")
    public String message() {
        return "Conflict: environment " + environment + " belongs to " + owner + "; this source is " + claimant
                + ": nothing is applied or pruned. Use another environment name, or release the environment (see "
                + "docs/safety.md, \"Ownership of an environment\")";
    }

    @Override
    public String toString() {
        return message();
    }
}
