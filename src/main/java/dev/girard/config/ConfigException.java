package dev.girard.config;

/** The configuration cannot be used; the message names every offending key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
