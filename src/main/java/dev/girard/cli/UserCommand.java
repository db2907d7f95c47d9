package dev.girard.cli;

import java.util.concurrent.Callable;

import dev.girard.App;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "user", description = "Manage users.", subcommands = UserCommand.Add.class)
final class UserCommand {
    @ParentCommand
    Main parent;

    @Command(name = "add", description = "Create a user (or add a token to an existing one) and print a new API token.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        UserCommand userCommand;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", defaultValue = "marketer", description = "admin, marketer or viewer (default: ${DEFAULT-VALUE})")
        String role;

        @Override
        public Integer call() {
            try (App app = App.open(userCommand.parent.loadConfig(), Main.clock())) {
                String token = app.users.addUserWithToken(name, role, "girard user add");
                System.out.println("API token for " + name + " (" + role + "); it is shown only once:");
                System.out.println(token);
                return 0;
            }
        }
    }
}
