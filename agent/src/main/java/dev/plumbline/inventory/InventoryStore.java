package dev.plumbline.inventory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Reads and writes environments' inventories in the state namespace (format: see package-info), with optimistic
 * concurrency on the head ConfigMap's resourceVersion.
 *
 * <p>Writes never expose a half-written set: shards get fresh names on every save and are written first; the head,
 * which lists them with their hashes, is written last, and that single compare-and-swap publishes the whole set.
 * Superseded shards are deleted afterwards.
 */
public final class InventoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InventoryObjects objects;
    private final InventoryReader reader;
    private final Options options;

    /**
     * @param maxObjectBytes bound on the compressed payload of one ConfigMap; larger inventories are sharded. Far
     *                       below the 1 MiB object limit, which also counts base64 (+33%) and metadata.
     * @param maxAttempts    how often {@link #update} tries before giving up on a contended inventory
     */
    public record Options(int maxObjectBytes, int maxAttempts) {

        public static Options defaults() {
            return new Options(128 * 1024, 5);
        }
    }

    public InventoryStore(KubernetesClient client, String stateNamespace) {
        this(client, stateNamespace, Options.defaults());
    }

    public InventoryStore(KubernetesClient client, String stateNamespace, Options options) {
        this.objects = new InventoryObjects(client, stateNamespace);
        this.reader = new InventoryReader(objects, options.maxAttempts());
        this.options = options;
    }

    /** The stored inventory, or an empty one (resourceVersion {@code null}) if none was ever saved. */
    public Inventory load(String environment) {
        InventoryObjects.checkEnvironment(environment);
        return reader.load(environment);
    }

    /**
     * Stores {@code inventory} if the stored head still has {@code inventory.resourceVersion()} ({@code null}: none
     * exists yet).
     *
     * @return the inventory with the new head's resourceVersion
     * @throws InventoryConflictException if another writer got there first
     */
    public Inventory save(Inventory inventory) {
        String env = inventory.environment();
        InventoryObjects.checkEnvironment(env);
        objects.ensureNamespace();
        byte[] token = new byte[3]; // fresh shard names per save: a shard is never rewritten in place
        RANDOM.nextBytes(token);
        String prefix = InventoryObjects.headName(env) + "-" + HexFormat.of().formatHex(token);
        InventoryCodec.Layout layout = InventoryCodec.layout(inventory, prefix, options.maxObjectBytes());
        try {
            for (InventoryCodec.Shard shard : layout.shards()) {
                objects.configMaps().resource(objects.shard(env, shard.name(), shard.bytes(), inventory.resourceVersion()))
                        .create();
            }
            ConfigMap head = objects.head(env, layout.head(), inventory.size(), inventory.resourceVersion(), inventory.owner());
            ConfigMap written = inventory.resourceVersion() == null ? objects.configMaps().resource(head).create()
                    : objects.configMaps().resource(head).update();
            String newVersion = written.getMetadata().getResourceVersion();
            collectGarbage(env, layout, newVersion);
            return inventory.stored(newVersion, written.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            layout.shards().forEach(s -> deleteQuietly(env, s.name()));
            if (e.getCode() == 409 || e.getCode() == 404) { // 404: the head we loaded was deleted meanwhile
                throw new InventoryConflictException("Inventory " + env + " save failed: "
                        + objects.describe(InventoryObjects.headName(env)) + " was changed by another writer (expected "
                        + (inventory.resourceVersion() == null ? "no object" : "resourceVersion " + inventory.resourceVersion())
                        + ")", e);
            }
            throw new InventoryException("Inventory " + env + " save failed: " + e.getMessage(), e);
        }
    }

    /**
     * Loads, applies {@code change}, saves; on a conflict loads again and re-applies, up to
     * {@link Options#maxAttempts()} times. A change that leaves the entries as they are writes nothing.
     */
    public Inventory update(String environment, UnaryOperator<Inventory> change) {
        InventoryConflictException last = null;
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            Inventory current = load(environment);
            Inventory next = Objects.requireNonNull(change.apply(current), "change result");
            if (next.sameEntries(current)) {
                return current;
            }
            try {
                return save(new Inventory(environment, next.entries(), current.resourceVersion(), next.owner()));
            } catch (InventoryConflictException e) {
                last = e;
                LOG.debug("Inventory {} update attempt {} lost a race; retrying", environment, attempt);
                // jitter, so that two writers that collided do not collide again in lockstep
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(5_000_000, 20_000_000L * attempt));
            }
        }
        throw new InventoryConflictException("Inventory " + environment + " update failed: still conflicting after "
                + options.maxAttempts() + " attempts", last);
    }

    /**
     * Like {@link #update(String, UnaryOperator)}, but starting from {@code base}, an inventory the caller already holds
     * (as read or written last): no read unless the write finds the head changed since, then it loads and re-applies.
     */
    public Inventory update(Inventory base, UnaryOperator<Inventory> change) {
        Inventory next = Objects.requireNonNull(change.apply(base), "change result");
        if (next.sameEntries(base)) {
            return base;
        }
        try {
            return save(new Inventory(base.environment(), next.entries(), base.resourceVersion(), next.owner()));
        } catch (InventoryConflictException e) {
            LOG.debug("Inventory {} changed since it was read; reading it again", base.environment());
            return update(base.environment(), change);
        }
    }

    /**
     * Records an Event about the environment on its inventory head (one per sync: its summary), on this store's
     * identity, like the inventory itself. Best effort: an Event that cannot be written is logged, never thrown; an
     * inventory never stored (no head to name) gets none.
     *
     * @param type    {@code Normal} or {@code Warning}
     * @param reason  one word, e.g. {@code Synced}
     * @param message shortened to 1,024 characters
     */
    public void recordEvent(Inventory inventory, String type, String reason, String message) {
        if (inventory.uid() == null) {
            LOG.debug("Inventory {} has no head yet: no {} event", inventory.environment(), reason);
            return;
        }
        try {
            objects.create(objects.event(inventory.environment(), inventory.uid(), type, reason, message));
        } catch (KubernetesClientException e) {
            LOG.warn("Inventory {} event {} failed: {}", inventory.environment(), reason, e.getMessage());
        }
    }

    /**
     * Deletes shards no head can ever reference again: those not referenced by the head just written, unless their
     * writer started from that very head (it may still publish them). A shard based on any other resourceVersion
     * belongs to a writer whose compare-and-swap must fail, since resourceVersions never repeat.
     */
    private void collectGarbage(String env, InventoryCodec.Layout layout, String headVersion) {
        Set<String> live = layout.shards().stream().map(InventoryCodec.Shard::name).collect(Collectors.toSet());
        try {
            List<ConfigMap> shards = objects.shards(env);
            for (ConfigMap shard : shards) {
                Map<String, String> annotations = shard.getMetadata().getAnnotations();
                String base = annotations == null ? null : annotations.get(InventoryObjects.BASE);
                if (!live.contains(shard.getMetadata().getName()) && !headVersion.equals(base)) {
                    objects.deleteQuietly(shard.getMetadata().getName());
                }
            }
        } catch (KubernetesClientException e) {
            // The save itself succeeded; leftovers are collected by the next save.
            LOG.warn("Inventory {} cleanup of superseded shards failed: {}", env, e.getMessage());
        }
    }

    private void deleteQuietly(String env, String name) {
        try {
            objects.deleteQuietly(name);
        } catch (KubernetesClientException e) {
            LOG.warn("Inventory {} cleanup of {} failed: {}", env, objects.describe(name), e.getMessage());
        }
    }
}
