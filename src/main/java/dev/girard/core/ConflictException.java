package dev.girard.core;

/** The request clashes with what is stored (a duplicate key, an edit of a stale version). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
