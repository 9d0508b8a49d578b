package dev.orbitdock.common;

import java.util.Objects;
import java.util.function.Function;

/**
 * A three-state field update: leave the field alone, clear it, or set it.
 * {@code Optional} cannot tell "absent" from "clear", and a clear must survive serialization
 * (absent is an omitted JSON property, clear is JSON {@code null}).
 */
public sealed interface Patch<T> {

    record Absent<T>() implements Patch<T> {}

    record Clear<T>() implements Patch<T> {}

    record Set<T>(T value) implements Patch<T> {
        public Set {
            Objects.requireNonNull(value, "Patch.Set needs a value; use Patch.clear() to clear");
        }
    }

    static <T> Patch<T> absent() {
        return new Absent<>();
    }

    static <T> Patch<T> clear() {
        return new Clear<>();
    }

    static <T> Patch<T> set(T value) {
        return new Set<>(value);
    }

    /** Set when non-null, clear when null. */
    static <T> Patch<T> ofNullable(T value) {
        return value == null ? clear() : set(value);
    }

    default boolean isAbsent() {
        return this instanceof Absent;
    }

    /** The value to store for a present patch (null for clear); callers check {@link #isAbsent()} first. */
    default T valueOrNull() {
        return this instanceof Set<T> s ? s.value() : null;
    }

    default <R> Patch<R> map(Function<? super T, ? extends R> f) {
        return switch (this) {
            case Absent<T> a -> absent();
            case Clear<T> c -> clear();
            case Set<T> s -> set(f.apply(s.value()));
        };
    }
}
