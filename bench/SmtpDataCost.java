import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.angus.mail.smtp.SMTPOutputStream;

/**
 * CPU time, on one thread, of handing one real card to an SMTP connection's buffers in the two ways Girard
 * can: through Angus Mail's data stream (SMTPOutputStream over the connection's BufferedOutputStream, as
 * before 59ac8aa: dot-stuffing and line ends checked byte by byte, a write per line) and whole (the bytes
 * appended to the connection's send buffer in one write, as now when the card needs neither, after the check
 * of its header fields that says so). Both
 * paths end in a buffer in memory, not a socket: the system call that sends the bytes is the same for both.
 * Alternating rounds of each; prints the medians and their ratio, and the first round of each, which runs
 * partly interpreted, as a freshly started server does.
 *
 *   java -cp 'target/lib/*:target/girard.jar' bench/SmtpDataCost.java CARD.eml
 *
 * (A card: any .eml file Girard wrote, e.g. data/outbox/ after `serve --demo` and a run of campaign 1.)
 */
public class SmtpDataCost {
    private static final int MESSAGES = 20_000;
    private static final int ROUNDS = 7;

    public static void main(String[] args) throws Throwable {
        byte[] card = crlf(Files.readAllBytes(Path.of(args[0])));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] stream = new long[ROUNDS];
        long[] whole = new long[ROUNDS];
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            sink += throughDataStream(card);
            long c1 = threads.getCurrentThreadCpuTime();
            sink += whole(card);
            long c2 = threads.getCurrentThreadCpuTime();
            stream[round] = c1 - c0;
            whole[round] = c2 - c1;
        }
        System.out.println("rounds, ns a card: data stream " + java.util.Arrays.toString(java.util.Arrays.stream(stream).map(t -> t / MESSAGES).toArray()) + ", whole " + java.util.Arrays.toString(java.util.Arrays.stream(whole).map(t -> t / MESSAGES).toArray()));
        double firstStream = stream[0] / 1000.0 / MESSAGES;
        double firstWhole = whole[0] / 1000.0 / MESSAGES;
        java.util.Arrays.sort(stream);
        java.util.Arrays.sort(whole);
        double streamMicros = stream[ROUNDS / 2] / 1000.0 / MESSAGES;
        double wholeMicros = whole[ROUNDS / 2] / 1000.0 / MESSAGES;
        System.out.printf("card: %,d bytes; %,d cards a round, %d rounds of each, alternated (medians; %,d MB handed over)%n",
                card.length, MESSAGES, ROUNDS, sink / 1_000_000);
        System.out.printf("through the data stream: %6.2f µs of CPU a card%n", streamMicros);
        System.out.printf("whole:                   %6.2f µs of CPU a card  (%.1f %% of the data stream's)%n",
                wholeMicros, 100 * wholeMicros / streamMicros);
        System.out.printf("first round, while the JIT compiles: %.2f µs through the data stream, %.2f µs whole%n",
                firstStream, firstWhole);
    }

    /** As Angus Mail writes DATA: SMTPOutputStream over the connection's BufferedOutputStream. */
    private static long throughDataStream(byte[] card) throws Exception {
        Counting socket = new Counting();
        OutputStream connection = new BufferedOutputStream(socket);
        for (int i = 0; i < MESSAGES; i++) {
            SMTPOutputStream data = new SMTPOutputStream(connection);
            data.write(card);
            data.ensureAtBOL();
            connection.flush();
            socket.reset();
        }
        return socket.total;
    }

    /**
     * As Girard writes a card that needs nothing of the data stream: its header fields copied out and checked
     * (MimeWriter does so before it writes the parts, whose lines are transparent as they are written), then
     * the card appended whole.
     */
    private static long whole(byte[] card) throws Throwable {
        int headerEnd = headerEnd(card);
        Counting socket = new Counting();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] header = java.util.Arrays.copyOf(card, headerEnd);
            if (!transparent(header)) {
                throw new IllegalStateException("the card needs the data stream: pick another");
            }
            socket.write(card, 0, card.length);
            socket.reset();
        }
        return socket.total;
    }

    /** The connection's send buffer, as the cork keeps it until the message's end goes out. */
    private static final class Counting extends ByteArrayOutputStream {
        long total;

        Counting() {
            super(16 * 1024);
        }

        @Override
        public synchronized void reset() {
            total += count;
            super.reset();
        }
    }

    /** Where the header fields end: after the empty line. */
    private static int headerEnd(byte[] card) {
        for (int i = 0; i + 3 < card.length; i++) {
            if (card[i] == '\r' && card[i + 1] == '\n' && card[i + 2] == '\r' && card[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new IllegalArgumentException("the card has no empty line after its header fields");
    }

    /** Girard's own check, MimeWriter.transparent (package-private: found by reflection, called as a handle). */
    private static final java.lang.invoke.MethodHandle TRANSPARENT = transparentHandle();

    private static java.lang.invoke.MethodHandle transparentHandle() {
        try {
            java.lang.reflect.Method method = Class.forName("dev.girard.channel.email.MimeWriter")
                    .getDeclaredMethod("transparent", byte[].class, int.class, int.class);
            method.setAccessible(true);
            return java.lang.invoke.MethodHandles.lookup().unreflect(method);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("put target/girard.jar on the class path", e);
        }
    }

    private static boolean transparent(byte[] bytes) throws Throwable {
        return (boolean) TRANSPARENT.invokeExact(bytes, 0, bytes.length);
    }

    /** The card with CRLF line ends, as Girard writes it (a file may have been saved with LF). */
    private static byte[] crlf(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 512);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(bytes[i]);
        }
        return out.toByteArray();
    }
}
