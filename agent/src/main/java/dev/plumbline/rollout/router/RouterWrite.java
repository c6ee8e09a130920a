package dev.plumbline.rollout.router;

import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;

import java.util.Objects;

/**
 * One write a router asks for: apply an object (forced server-side apply as Plumbline, one request) or delete one it
 * created. Data, so a weight change can be checked for being exactly one write before anything is sent.
 */
public sealed interface RouterWrite {

    ResourceKey key();

    /** Apply {@code object} as it is (Git's object with the rollout's weights, or a rollout-created object). */
    record Apply(DesiredObject object) implements RouterWrite {
        public Apply {
            Objects.requireNonNull(object, "object");
        }

        @Override
        public ResourceKey key() {
            return object.key();
        }
    }

    /** Delete an object the rollout created (absent is fine). */
    record Delete(ResourceKey key, String apiVersion) implements RouterWrite {
        public Delete {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(apiVersion, "apiVersion");
        }
    }
}
