package dev.plumbline.render;

import java.util.List;
import java.util.Map;

/**
 * {@code images}: rewrites {@code image} in every {@code containers} / {@code initContainers} list at any depth
 * (Kustomize's image filter does the same, which covers CronJobs and custom resources with pod templates).
 * An image matches an entry when its name without tag and digest equals the entry's name. Then:
 * {@code newName} replaces the name; {@code newTag} replaces the tag and drops a digest; {@code digest} replaces the
 * digest and drops a tag; both give {@code name:tag@digest} (checked against kubectl kustomize v5.5).
 */
final class ImageTransformer {

    private ImageTransformer() {
    }

    static void apply(List<Resource> resources, List<Kustomization.ImageEntry> images) {
        if (images.isEmpty()) {
            return;
        }
        for (Resource r : resources) {
            walk(r.body(), images);
        }
    }

    private static void walk(Object node, List<Kustomization.ImageEntry> images) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = Values.map(m);
            for (Map.Entry<String, Object> e : map.entrySet()) {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers"))
                        && e.getValue() instanceof List<?> containers) {
                    containers.forEach(c -> update(Values.map(c), images));
                }
                walk(e.getValue(), images);
            }
        } else if (node instanceof List<?> l) {
            l.forEach(item -> walk(item, images));
        }
    }

    private static void update(Map<String, Object> container, List<Kustomization.ImageEntry> images) {
        if (!(container.get("image") instanceof String image)) {
            return;
        }
        // Kustomize runs one transformer per entry, in order: a later entry sees what an earlier one wrote (the same
        // name twice: the last wins; a newName can be matched again by its new name).
        for (Kustomization.ImageEntry entry : images) {
            String[] parts = split(image);
            if (entry.name().equals(parts[0])) {
                image = rewrite(parts, entry);
                container.put("image", image);
            }
        }
    }

    static String rewrite(String[] parts, Kustomization.ImageEntry entry) {
        String name = entry.newName() != null ? entry.newName() : parts[0];
        String tag = parts[1];
        String digest = parts[2];
        if (entry.newTag() != null && entry.digest() != null) {
            tag = entry.newTag();
            digest = entry.digest();
        } else if (entry.newTag() != null) {
            tag = entry.newTag();
            digest = null;
        } else if (entry.digest() != null) {
            tag = null;
            digest = entry.digest();
        }
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** [name, tag or null, digest or null]; a registry port ({@code host:5000/app}) is part of the name. */
    static String[] split(String image) {
        int slash = image.indexOf('/');
        int from = Math.max(slash, 0);
        int at = image.indexOf('@', from);
        int colon = image.indexOf(':', from);
        if (at >= 0 && (colon < 0 || at < colon)) {
            return new String[] {image.substring(0, at), null, image.substring(at + 1)};
        }
        if (colon >= 0) {
            String tag = at >= 0 ? image.substring(colon + 1, at) : image.substring(colon + 1);
            return new String[] {image.substring(0, colon), tag, at >= 0 ? image.substring(at + 1) : null};
        }
        return new String[] {image, null, null};
    }
}
