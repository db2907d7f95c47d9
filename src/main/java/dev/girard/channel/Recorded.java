package dev.girard.channel;

/**
 * An outcome handed over to be recorded, which may still be committing: {@link #await} returns once it is
 * committed, and throws if its commit failed.
 */
@FunctionalInterface
public interface Recorded {
    /** Already committed. */
    Recorded DONE = () -> { };

    void await();
}
