package dev.plumbline.diff;

/**
 * One step of a location inside an object: a map key, or a list item.
 */
sealed interface Segment {

    /** A map key. */
    record Key(String name) implements Segment {
    }

    /**
     * A list item.
     *
     * @param index    its position: in the live list when {@code inLive}, otherwise in the desired list
     * @param keyField the merge key that names it ({@code name}, {@code containerPort}, ...), {@code null}: by index
     * @param keyValue the item's merge-key value
     * @param inLive   whether the item exists in the live object (the index points into the live list)
     */
    record Item(int index, String keyField, Object keyValue, boolean inLive) implements Segment {
    }
}
