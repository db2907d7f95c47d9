package dev.girard.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small, real SMTP server on 127.0.0.1 that misbehaves on purpose, for testing how a sender copes with
 * temporary failures ({@code 421} and a closed connection), connections dropped after the message was sent
 * but before it was acknowledged, and rejected recipients ({@code 550}).
 *
 * <p>It speaks the part of RFC 5321 that Jakarta Mail / Angus Mail uses on a reused connection (EHLO, HELO,
 * MAIL, RCPT, DATA, RSET, NOOP, QUIT), without AUTH. It advertises {@code SIZE} and {@code 8BITMIME},
 * so clients send one command at a time, and when told to ({@link #pipelining}) also {@code PIPELINING}
 * (RFC 2920), holding its replies to MAIL and RCPT back until DATA, and ({@link #startTls}) {@code STARTTLS}
 * (RFC 3207). Each connection gets its own daemon thread.
 *
 * <p>Misbehaviour is switched with {@link #tempFailFirst}, {@link #tempFailUntil}, {@link #dropEvery} and
 * {@link #rejectRecipients}; all of them are thread-safe and may be changed while clients are connected.
 * Every message answered with the final {@code 250} is recorded as a {@link Received}, before the
 * {@code 250} is sent, so a client that saw the {@code 250} always finds its message in {@link #received()}.
 */
public final class FlakySmtpServer implements AutoCloseable {
    /** Advertised in EHLO and enforced on the {@code SIZE=} parameter of MAIL FROM. */
    public static final long MAX_MESSAGE_SIZE = 25L * 1024 * 1024;

    private static final String HOST = "127.0.0.1";
    private static final int BUFFER_SIZE = 64 * 1024;

    /**
     * One message the server accepted with {@code 250 2.0.0 Ok}; {@code data} is as received, dots unstuffed;
     * {@code overTls} whether it came after STARTTLS.
     */
    public record Received(String envelopeFrom, List<String> recipients, byte[] data, boolean overTls) {
        public Received {
            recipients = List.copyOf(recipients);
        }

        /** The data decoded as UTF-8, which is what 8bit and quoted-printable messages from Girard are. */
        public String text() {
            return new String(data, UTF_8);
        }

        @Override
        public String toString() {
            return "Received[from=" + envelopeFrom + ", to=" + recipients + ", " + data.length + " bytes]";
        }
    }

    private final ServerSocket serverSocket;
    private final ExecutorService threads;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();

    private final AtomicInteger tempFailsLeft = new AtomicInteger();
    private volatile Instant tempFailUntil = Instant.MIN;
    private volatile int dropEvery;
    private final AtomicInteger messagesSinceDropEverySet = new AtomicInteger();
    private volatile Predicate<String> rejectedRecipients = address -> false;
    private volatile boolean pipelining;
    private volatile SSLContext tls;

    /** Guarded by itself; also the monitor that {@link #awaitReceived} waits on. */
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger tempFailuresSent = new AtomicInteger();
    private final AtomicInteger dropsDone = new AtomicInteger();
    private final AtomicInteger recipientsRejected = new AtomicInteger();
    private final AtomicInteger sentAhead = new AtomicInteger();

    private FlakySmtpServer(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        AtomicInteger threadNumber = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "flaky-smtp-" + threadNumber.incrementAndGet());
            thread.setDaemon(true); // a test that forgets close() must not keep the JVM alive
            return thread;
        });
        threads.execute(this::acceptConnections);
    }

    /** Binds to a free port on 127.0.0.1 and starts accepting connections; behaves well until told otherwise. */
    public static FlakySmtpServer start() throws IOException {
        return new FlakySmtpServer(new ServerSocket(0, 50, InetAddress.getByName(HOST)));
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Whether EHLO offers PIPELINING from the next connection on. When it does, the replies to MAIL and RCPT
     * are held back until DATA has been read, so only a client that really pipelines gets on: one that waits
     * for each reply waits until its read timeout. (A real server flushes its replies whenever it would wait
     * for input; this one is strict, to tell the two kinds of client apart.)
     */
    public FlakySmtpServer pipelining(boolean offered) {
        this.pipelining = offered;
        return this;
    }

    /**
     * Offers STARTTLS in EHLO from the next connection on, with this context's key (null: no longer): a client
     * that starts TLS continues over it, and EHLO then offers no STARTTLS.
     */
    public FlakySmtpServer startTls(SSLContext context) {
        this.tls = context;
        return this;
    }

    // ---- misbehaviour ----

    /**
     * The next {@code n} MAIL FROM commands, counted server-wide from this call, are answered with
     * {@code 421 4.3.2} and the connection is closed, as a real server does when it is overloaded.
     */
    public FlakySmtpServer tempFailFirst(int n) {
        tempFailsLeft.set(requireNotNegative(n));
        return this;
    }

    /** Every MAIL FROM before {@code until} is answered with {@code 421 4.3.2} and the connection is closed. */
    public FlakySmtpServer tempFailUntil(Instant until) {
        tempFailUntil = Objects.requireNonNull(until);
        return this;
    }

    /**
     * Every {@code n}-th message, counted server-wide from this call once its data has been read, is lost:
     * the socket is reset before the final {@code 250}, so the client cannot know whether it was accepted.
     * The message is not recorded. {@code 0} turns dropping off.
     */
    public FlakySmtpServer dropEvery(int n) {
        dropEvery = requireNotNegative(n);
        messagesSinceDropEverySet.set(0);
        return this;
    }

    /** RCPT TO for an address (as the client wrote it) matching {@code addresses} is answered with {@code 550 5.1.1}. */
    public FlakySmtpServer rejectRecipients(Predicate<String> addresses) {
        rejectedRecipients = Objects.requireNonNull(addresses);
        return this;
    }

    // ---- what happened ----

    /** A snapshot of the accepted messages, in the order they were accepted. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public int receivedCount() {
        synchronized (received) {
            return received.size();
        }
    }

    /** How many accepted messages each recipient got, keyed by the lower-cased address. */
    public Map<String, Integer> countByRecipient() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Received message : received()) {
            for (String recipient : message.recipients()) {
                counts.merge(recipient.toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Waits until at least {@code count} messages were accepted; false when the time ran out first. */
    public boolean awaitReceived(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return true;
        }
    }

    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** How many {@code 421} answers were sent (each followed by closing the connection). */
    public int tempFailuresSent() {
        return tempFailuresSent.get();
    }

    /** How many connections were reset after a message's data instead of answering {@code 250}. */
    public int dropsDone() {
        return dropsDone.get();
    }

    /** How many {@code 550} answers were sent to RCPT TO. */
    public int recipientsRejected() {
        return recipientsRejected.get();
    }

    /** Transactions whose DATA arrived before the replies to MAIL and RCPT were sent: sent pipelined. */
    public int pipelinedTransactions() {
        return sentAhead.get();
    }

    /** Stops accepting, closes every open connection and waits briefly for their threads to end. */
    @Override
    public void close() {
        closeQuietly(serverSocket);
        openSockets.forEach(FlakySmtpServer::closeQuietly);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- plumbing ----

    private void acceptConnections() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                continue; // close() closed the server socket; the loop condition ends it
            }
            connectionsOpened.incrementAndGet();
            openSockets.add(socket);
            try {
                threads.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket); // accepted while close() was shutting the pool down
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true); // one small reply per command: do not let Nagle hold it back
            new Connection(socket).serve();
        } catch (IOException e) {
            // the client went away, or close() or a drop closed the socket: either way this conversation is over
        } finally {
            openSockets.remove(socket);
        }
    }

    private boolean tempFailNow() {
        if (Instant.now().isBefore(tempFailUntil)) {
            return true;
        }
        return tempFailsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    private boolean dropNow() {
        int every = dropEvery;
        int count = messagesSinceDropEverySet.incrementAndGet();
        return every > 0 && count % every == 0;
    }

    private void record(Received message) {
        synchronized (received) {
            received.add(message);
            received.notifyAll();
        }
    }

    private static int requireNotNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative: " + n);
        }
        return n;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed or broken; nothing more to release
        }
    }

    /** One client's conversation: its own streams and the state of the mail transaction under way. */
    private final class Connection {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean overTls;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private boolean open = true;
        private boolean offeredPipelining;
        // replies to MAIL and RCPT written but not yet flushed (see replyAhead)
        private boolean held;
        private String envelopeFrom;
        private final List<String> recipients = new ArrayList<>();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE);
            this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE);
        }

        void serve() throws IOException {
            reply("220 localhost ESMTP FlakySmtpServer");
            byte[] raw;
            while (open && (raw = readLine()) != null) {
                handle(new String(raw, 0, contentLength(raw), UTF_8));
            }
        }

        private void handle(String command) throws IOException {
            int space = command.indexOf(' ');
            String verb = (space < 0 ? command : command.substring(0, space)).toUpperCase(Locale.ROOT);
            String argument = space < 0 ? "" : command.substring(space + 1).trim();
            switch (verb) {
                case "EHLO" -> ehlo();
                case "HELO" -> helo();
                case "MAIL" -> mail(argument);
                case "RCPT" -> rcpt(argument);
                case "DATA" -> data();
                case "STARTTLS" -> startTls();
                case "RSET" -> {
                    resetTransaction();
                    reply("250 2.0.0 Ok");
                }
                case "NOOP" -> reply("250 2.0.0 Ok");
                case "QUIT" -> {
                    reply("221 2.0.0 Bye");
                    open = false;
                }
                default -> reply("502 5.5.2 Error: command not recognized");
            }
        }

        private void ehlo() throws IOException {
            resetTransaction(); // RFC 5321 4.1.4: EHLO ends any transaction under way
            // No CHUNKING; replies are written in command order whether or not the client pipelines
            offeredPipelining = pipelining;
            reply("250-localhost\r\n250-SIZE " + MAX_MESSAGE_SIZE + (offeredPipelining ? "\r\n250-PIPELINING" : "")
                    + (tls != null && !overTls ? "\r\n250-STARTTLS" : "") + "\r\n250 8BITMIME");
        }

        /** RFC 3207: the TLS handshake follows the 220 at once, and the conversation starts again over TLS. */
        private void startTls() throws IOException {
            SSLContext context = tls;
            if (context == null || overTls) {
                reply("502 5.5.2 Error: command not recognized");
                return;
            }
            reply("220 2.0.0 Ready to start TLS");
            SSLSocket secured = (SSLSocket) context.getSocketFactory().createSocket(socket, HOST, socket.getPort(), true);
            secured.setUseClientMode(false);
            secured.startHandshake();
            socket = secured;
            in = new BufferedInputStream(secured.getInputStream(), BUFFER_SIZE);
            out = new BufferedOutputStream(secured.getOutputStream(), BUFFER_SIZE);
            overTls = true;
            resetTransaction();
        }

        private void helo() throws IOException {
            resetTransaction();
            reply("250 localhost");
        }

        private void mail(String argument) throws IOException {
            String path = afterPrefix(argument, "FROM:");
            String address = path == null ? null : address(path);
            if (address == null) {
                reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            } else if (envelopeFrom != null) {
                reply("503 5.5.1 Error: nested MAIL command");
            } else if (tempFailNow()) {
                tempFailuresSent.incrementAndGet();
                reply("421 4.3.2 Service not available, closing transmission channel");
                open = false; // RFC 5321 3.8: after 421 the server closes the connection
                closeAfterReading(); // what a pipelining client sent after MAIL, so the close is not a reset
            } else if (declaredSize(path) > MAX_MESSAGE_SIZE) {
                reply("552 5.3.4 Message size exceeds fixed limit");
            } else {
                envelopeFrom = address;
                replyAhead("250 2.1.0 Ok");
            }
        }

        private void rcpt(String argument) throws IOException {
            String path = afterPrefix(argument, "TO:");
            String address = path == null ? null : address(path);
            if (address == null || address.isEmpty()) {
                reply("501 5.5.4 Syntax: RCPT TO:<address>");
            } else if (envelopeFrom == null) {
                reply("503 5.5.1 Error: need MAIL command");
            } else if (rejectedRecipients.test(address)) {
                recipientsRejected.incrementAndGet();
                replyAhead("550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
            } else {
                recipients.add(address);
                replyAhead("250 2.1.5 Ok");
            }
        }

        private void data() throws IOException {
            if (held) {
                sentAhead.incrementAndGet(); // DATA came without the replies to MAIL and RCPT: pipelined
                held = false;
            }
            if (envelopeFrom == null) {
                reply("503 5.5.1 Error: need MAIL command");
                return;
            }
            if (recipients.isEmpty()) {
                reply("554 5.5.1 Error: no valid recipients");
                return;
            }
            reply("354 End data with <CR><LF>.<CR><LF>");
            byte[] data = readData();
            if (data == null) {
                open = false; // the client hung up in the middle of the data
            } else if (dropNow()) {
                drop();
            } else {
                record(new Received(envelopeFrom, recipients, data, overTls));
                resetTransaction();
                reply("250 2.0.0 Ok");
            }
        }

        /**
         * Ends the connection in good order: no more replies, then the client's remaining commands (sent ahead
         * by pipelining) are read and dropped until it hangs up or a second passes; closing a socket with input
         * unread would reset it, and the client could lose the last reply.
         */
        private void closeAfterReading() throws IOException {
            socket.shutdownOutput();
            socket.setSoTimeout(1000);
            try {
                while (in.read() >= 0) {
                    // discarded
                }
            } catch (java.net.SocketTimeoutException e) {
                // the client kept the connection; it is closed now anyway
            }
        }

        /** Resets the socket instead of answering, like a crashed server or a broken network path would. */
        private void drop() throws IOException {
            dropsDone.incrementAndGet();
            open = false;
            socket.setSoLinger(true, 0); // RST rather than an orderly FIN: nothing more reaches the client
            socket.close();
        }

        private void resetTransaction() {
            envelopeFrom = null;
            recipients.clear();
        }

        /** Reads up to the line that is exactly "."; undoes dot-stuffing and keeps line endings as sent. */
        private byte[] readData() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream(8 * 1024);
            byte[] raw;
            while ((raw = readLine()) != null) {
                int length = contentLength(raw);
                if (length == 1 && raw[0] == '.') {
                    return data.toByteArray();
                }
                int skip = raw.length > 0 && raw[0] == '.' ? 1 : 0;
                data.write(raw, skip, raw.length - skip);
            }
            return null;
        }

        /** The next line with its line ending, or null at the end of the stream. */
        private byte[] readLine() throws IOException {
            line.reset();
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    return line.toByteArray();
                }
            }
            return line.size() == 0 ? null : line.toByteArray();
        }

        private void reply(String text) throws IOException {
            writeLine(text);
            out.flush();
            held = false;
        }

        private void writeLine(String text) throws IOException {
            out.write(text.getBytes(UTF_8));
            out.write('\r');
            out.write('\n');
        }

        /** A reply to MAIL or RCPT: held back until the reply to DATA where PIPELINING was offered. */
        private void replyAhead(String text) throws IOException {
            if (!offeredPipelining) {
                reply(text);
                return;
            }
            writeLine(text);
            held = true;
        }
    }

    /** Length of a line without its CRLF or bare LF. */
    private static int contentLength(byte[] raw) {
        int length = raw.length;
        if (length > 0 && raw[length - 1] == '\n') {
            length--;
        }
        if (length > 0 && raw[length - 1] == '\r') {
            length--;
        }
        return length;
    }

    /** The rest of {@code argument} after a case-insensitive {@code prefix}, or null when it is not there. */
    private static String afterPrefix(String argument, String prefix) {
        return argument.regionMatches(true, 0, prefix, 0, prefix.length())
                ? argument.substring(prefix.length()).trim()
                : null;
    }

    /** The address inside {@code <...>} at the start of a path; "" for the null sender; null if malformed. */
    private static String address(String path) {
        int close = path.indexOf('>');
        return path.startsWith("<") && close > 0 ? path.substring(1, close).trim() : null;
    }

    /** The {@code SIZE=} parameter of MAIL FROM (RFC 1870), or 0 when the client did not declare one. */
    private static long declaredSize(String path) {
        for (String parameter : path.substring(path.indexOf('>') + 1).trim().split("\\s+")) {
            if (parameter.regionMatches(true, 0, "SIZE=", 0, 5)) {
                try {
                    return Long.parseLong(parameter.substring(5));
                } catch (NumberFormatException e) {
                    return Long.MAX_VALUE; // a size we cannot read is not one we can promise to take
                }
            }
        }
        return 0;
    }
}
