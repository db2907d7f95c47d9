package dev.girard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar run as separate processes, as a user runs it: {@code java [options] -jar girard.jar ...}
 * in a working folder, with none of the test machine's {@code GIRARD_*} variables but the ones given.
 * Servers it starts are stopped on {@link #close()}: SIGTERM, then SIGKILL after 30 seconds.
 */
public final class PackagedGirard implements AutoCloseable {
    /** The jar under test: the {@code girard.jar} system property (set by the build), else target/girard.jar. */
    public static final Path JAR = Path.of(System.getProperty("girard.jar", "target/girard.jar"));

    private final Path dir;
    private final List<String> javaOptions;
    private final List<Process> servers = new ArrayList<>();

    /** Runs in {@code dir} with the given JVM options, e.g. {@code -Xmx256m}. */
    public PackagedGirard(Path dir, String... javaOptions) {
        this.dir = dir;
        this.javaOptions = List.of(javaOptions);
    }

    /** The command with {@code env} as its only {@code GIRARD_*} variables, output and errors merged. */
    public ProcessBuilder command(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GIRARD_"));
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs a command to its end and returns its output; fails unless it exits with 0 within the time. */
    public String run(Duration timeout, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runWithInput("", timeout, env, args);
    }

    /** {@link #run} with {@code input} written to the command's standard input, e.g. a password. */
    public String runWithInput(String input, Duration timeout, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Process process = command(env, args).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)).as("finished within " + timeout).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Starts a long-running command (a server), its output appended to {@code log}, stopped on close. */
    public Process start(Path log, Map<String, String> env, String... args) throws IOException {
        Process process = command(env, args).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        servers.add(process);
        return process;
    }

    /** {@link #start} and wait until it answers {@code /health} on the port; fails at once if it exits. */
    public Process serve(Path log, int port, Duration patience, Map<String, String> env, String... args) throws IOException {
        Process process = start(log, env, args);
        awaitHealthy(port, process, log, patience);
        return process;
    }

    /** Waits until the server on the port answers {@code /health} with 200; fails with its log if it exits. */
    public static void awaitHealthy(int port, Process process, Path log, Duration patience) {
        Api anonymous = new Api("http://127.0.0.1:" + port, null);
        Waiting.until("the server on port " + port + " to answer /health", patience, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited: " + read(log));
            }
            try {
                return anonymous.get("/health").status();
            } catch (RuntimeException e) {
                return 0;
            }
        }, status -> status == 200);
    }

    /** A TCP port free on this machine now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log file's text, or a note saying why there is none (for failure messages). */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : servers) {
            p.destroy();
        }
        for (Process p : servers) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
