package dev.girard.support;

import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Runs a test once per database Girard supports. On a test method:
 * <pre>
 * &#64;ParameterizedTest(name = "{0}")
 * &#64;ArgumentsSource(Databases.class)
 * void something(TestDatabase database) { ... database.config(dir, Map.of()) ... }
 * </pre>
 * or on a whole contract test class with {@code @ParameterizedClass(name = "{0}")} and a
 * {@code @Parameter TestDatabase database} field. PostgreSQL is a real server started once per test JVM
 * (see {@link PostgresServer}); every {@link TestDatabase#config} call gets a new, empty database.
 */
public final class Databases implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        return Stream.of(TestDatabase.values()).map(Arguments::of);
    }
}
