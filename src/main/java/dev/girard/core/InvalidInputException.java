package dev.girard.core;

import java.util.List;
import java.util.stream.Collectors;

/** User input was refused; carries every field that was wrong. Nothing was stored. */
public class InvalidInputException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String value, String reason) {
        this(List.of(new FieldError(field, value, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
