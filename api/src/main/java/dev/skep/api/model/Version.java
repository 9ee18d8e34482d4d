package dev.skep.api.model;

/** The store's commit index at which an object was last written ({@code Version.Index}). */
public record Version(Long index) {
    public static Version of(long index) {
        return new Version(index);
    }

    public long value() {
        return index == null ? 0 : index;
    }
}
