package dev.girard.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import dev.girard.App;
import dev.girard.auth.UserStore;
import dev.girard.core.InvalidInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "user", description = "Manage users.", subcommands = UserCommand.Add.class)
final class UserCommand {
    @ParentCommand
    Main parent;

    @Command(name = "add", description = "Create a user (or add a token to an existing one) and print a new API token;"
            + " optionally set the password they sign in to the admin page with.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        UserCommand userCommand;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", defaultValue = "marketer", description = "admin, marketer or viewer (default: ${DEFAULT-VALUE})")
        String role;

        @ArgGroup(exclusive = true)
        PasswordSource password;

        static final class PasswordSource {
            @Option(names = "--password", interactive = true, arity = "0",
                    description = "Ask for the admin page password (not echoed).")
            char[] prompted;

            @Option(names = "--password-stdin", description = "Read the admin page password from the first line of standard input.")
            boolean stdin;
        }

        @Override
        public Integer call() {
            String secret = password == null ? null : password.stdin ? firstLineOfStdin() : new String(password.prompted);
            if (secret != null && secret.codePointCount(0, secret.length()) < UserStore.MIN_PASSWORD_LENGTH) {
                throw new InvalidInputException("password", "", "must have at least " + UserStore.MIN_PASSWORD_LENGTH
                        + " characters");
            }
            try (App app = App.open(userCommand.parent.loadConfig(), Main.clock())) {
                String token = app.users.addUserWithToken(name, role, "girard user add");
                if (secret != null) {
                    app.users.setPassword(name, secret);
                    System.out.println("Password set for " + name + ": sign in at the admin page (/admin/).");
                }
                System.out.println("API token for " + name + " (" + role + "); it is shown only once:");
                System.out.println(token);
                return 0;
            }
        }

        private static String firstLineOfStdin() {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
