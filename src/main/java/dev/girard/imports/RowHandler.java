package dev.girard.imports;

import java.util.List;

import org.jdbi.v3.core.Handle;

import dev.girard.core.FieldError;

/**
 * What one kind of CSV import (customers, purchases, consents) does with its rows: which columns it reads,
 * how a row becomes a value or a list of errors, and how a batch of values is written.
 *
 * @param <T> the value a valid row becomes
 */
public interface RowHandler<T> {
    /** {@code customers}, {@code purchases} or {@code consents}: recorded with the import. */
    String kind();

    ImportFields fields();

    /** A row's value, or what is wrong with it (never both). */
    Parsed<T> parse(ImportRow row);

    /**
     * The key that must not repeat within one file (a repeated row is refused, naming the line that has it
     * first), or null when repeats are left to {@link #write}.
     */
    String uniqueKey(T value);

    /**
     * Writes a batch inside the caller's transaction.
     *
     * @return one outcome per value, in order
     */
    List<Outcome> write(Handle handle, List<T> values);

    /**
     * Called on the writing connection, outside any transaction, before the first batch of a file of this many
     * bytes: may set the table up for loading many rows (e.g. drop indexes that are cheaper to build once at
     * the end than to keep up row by row).
     *
     * @return what undoes it, run once after the last batch whether the import succeeded or failed; null when
     *         nothing was done
     */
    default java.util.function.Consumer<Handle> prepareBulkLoad(Handle handle, long fileBytes) {
        return null;
    }

    /** A parsed row: the value, or the errors. */
    record Parsed<T>(T value, List<FieldError> errors) {
        public static <T> Parsed<T> of(T value) {
            return new Parsed<>(value, List.of());
        }

        public static <T> Parsed<T> failed(List<FieldError> errors) {
            return new Parsed<>(null, List.copyOf(errors));
        }
    }

    /** What writing one value did: created or changed something, changed nothing, or was refused. */
    record Outcome(boolean changed, FieldError error) {
        public static final Outcome CHANGED = new Outcome(true, null);
        public static final Outcome UNCHANGED = new Outcome(false, null);

        public static Outcome refused(FieldError error) {
            return new Outcome(false, error);
        }
    }
}
