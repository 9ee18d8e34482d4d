package dev.skep.store;

import dev.skep.api.model.StoredObject;
import java.util.List;
import java.util.function.Predicate;

/** Read access to one kind of object inside a transaction or view. */
public interface Table<T extends StoredObject> {
    T get(String id);

    List<T> all();

    default List<T> find(Predicate<? super T> filter) {
        return all().stream().filter(filter).toList();
    }

    /** The object whose unique name is {@code name}, or null. */
    T byName(String name);
}
