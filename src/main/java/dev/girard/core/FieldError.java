package dev.girard.core;

/** One thing wrong with one field of user input, and what would be valid. */
public record FieldError(String field, String value, String reason) {
    @Override
    public String toString() {
        return field + (value == null || value.isEmpty() ? "" : " '" + value + "'") + ": " + reason;
    }
}
