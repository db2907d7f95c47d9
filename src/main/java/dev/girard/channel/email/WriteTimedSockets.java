package dev.girard.channel.email;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.SocketFactory;

import jdk.net.ExtendedSocketOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMTP sockets with a write timeout: a write that has not returned after the timeout (a server that stopped
 * reading, with the socket's buffers full) has its socket closed, so the write fails and the message is
 * retried on a new connection. Java sockets have no write timeout of their own. Angus Mail's
 * ({@code mail.smtp.writetimeout}) schedules and cancels a timer task around every single write, two thread
 * hand-offs per write, several per message; here a write only stamps the time it started, and one watchdog
 * thread for the whole process looks at the open sockets four times a second.
 *
 * <p>Given to Angus Mail as {@code mail.smtp.socketFactory} for plain and STARTTLS connections: Angus Mail
 * connects the socket (and wraps it in TLS for STARTTLS), so every byte of the conversation goes through the
 * timed stream. The same stream can hold a group of writes back and send them as one ({@link Cork}), which
 * {@link PipeliningSmtpTransport} uses for the commands it pipelines.
 */
final class WriteTimedSockets extends SocketFactory {
    private static final Logger LOG = LoggerFactory.getLogger(WriteTimedSockets.class);
    private static final long CHECK_MILLIS = 250;
    private static final Set<TimedSocket> OPEN = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "girard-smtp-write-timeout");
        thread.setDaemon(true);
        return thread;
    });

    static {
        WATCHDOG.scheduleWithFixedDelay(() -> {
            try {
                closeStalled();
            } catch (RuntimeException e) {
                // a failed round must not end the watchdog; the next one looks again
                LOG.warn("SMTP write timeout check failed: {}", e.toString());
            }
        }, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private final long timeoutNanos;

    WriteTimedSockets(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private static void closeStalled() {
        long now = System.nanoTime();
        for (TimedSocket socket : OPEN) {
            if (socket.isClosed()) {
                OPEN.remove(socket);
                continue;
            }
            long since = socket.writingSince;
            if (since != 0 && now - since > socket.timeoutNanos) {
                LOG.warn("A write to the SMTP server {} did not finish within {} ms; closing the connection",
                        socket.getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(socket.timeoutNanos));
                try {
                    socket.close();
                } catch (IOException e) {
                    // closed either way
                }
                OPEN.remove(socket);
            }
        }
    }

    /**
     * A socket not yet connected: Angus Mail connects it with the connection timeout. Without Nagle's
     * algorithm, since its writes come whole (see {@link Cork}): a short command must not wait for the
     * server to acknowledge the data before it.
     */
    @Override
    public Socket createSocket() throws IOException {
        TimedSocket socket = new TimedSocket(timeoutNanos);
        socket.setTcpNoDelay(true);
        CREATED.set(socket);
        return socket;
    }

    /**
     * Holds a connection's writes back and lets them go in one write: the commands a pipelining client sends
     * together then reach the server in one TCP segment (RFC 2920, section 3.1), and the server reads them
     * in one go.
     */
    interface Cork {
        /** From now on, writes are kept (up to a limit, past which they go out as they come). */
        void hold();

        /** Writes what was kept, in one write, and stops keeping. */
        void release() throws IOException;

        /**
         * Writes bytes to the socket itself, behind everything written to its stream so far (kept with it
         * while held): past the streams the transport wrapped around the socket, so only for bytes that go
         * out as they are, on a connection that is not wrapped in TLS.
         */
        void write(byte[] bytes) throws IOException;

        /** Ends the connection at once, without a word to the server (it is in the middle of a message). */
        void abort();

        /** Whether {@link #acknowledgeAtOnce} works on this system (Linux's TCP_QUICKACK). */
        boolean acknowledgesAtOnce();

        /**
         * Has what arrived and what arrives next acknowledged at once rather than after the delayed-ACK timer,
         * until the connection next looks interactive to the system; does nothing where it cannot.
         */
        void acknowledgeAtOnce();
    }

    // the socket this thread created last, for the transport that asked for it (see corkOfLastSocket)
    private static final ThreadLocal<TimedSocket> CREATED = new ThreadLocal<>();

    /**
     * The cork of the socket this factory created last on this thread (in the {@code connect} that just
     * returned), or null if none was created here (a factory of another kind made it).
     */
    static Cork corkOfLastSocket() {
        TimedSocket socket = CREATED.get();
        CREATED.remove();
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }

    /** A plain TCP socket whose writes say when they started; watched from its first write until closed. */
    // whether sockets take TCP_QUICKACK here (Linux)
    private static final boolean QUICKACK = quickAckSupported();

    private static boolean quickAckSupported() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final class TimedSocket extends Socket implements Cork {
        // writes kept back by the cork beyond this go out at once
        private static final int CORK_LIMIT = 256 * 1024;
        final long timeoutNanos;
        // System.nanoTime() when the write under way started (never 0 then), 0 when no write is under way
        volatile long writingSince;
        private OutputStream timed;
        // the socket's own stream, under the timed one
        private OutputStream socketOut;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(16 * 1024);
        private boolean holding;

        TimedSocket(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (timed == null) {
                OPEN.add(this);
                socketOut = super.getOutputStream();
                timed = new FilterOutputStream(socketOut) {
                    @Override
                    public void write(int b) throws IOException {
                        if (holding && kept.size() < CORK_LIMIT) {
                            kept.write(b);
                            return;
                        }
                        release();
                        started();
                        try {
                            out.write(b);
                        } finally {
                            writingSince = 0;
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (holding && kept.size() + len <= CORK_LIMIT) {
                            kept.write(b, off, len);
                            return;
                        }
                        release();
                        started();
                        try {
                            out.write(b, off, len);
                        } finally {
                            writingSince = 0;
                        }
                    }
                };
            }
            return timed;
        }

        private void started() {
            writingSince = System.nanoTime() | 1;
        }

        @Override
        public void hold() {
            holding = true;
        }

        @Override
        public void release() throws IOException {
            holding = false;
            if (kept.size() > 0) {
                started();
                try {
                    kept.writeTo(socketOut);
                } finally {
                    writingSince = 0;
                    kept.reset();
                }
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            getOutputStream().write(bytes, 0, bytes.length);
        }

        @Override
        public boolean acknowledgesAtOnce() {
            return QUICKACK;
        }

        @Override
        public void acknowledgeAtOnce() {
            if (QUICKACK) {
                try {
                    setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
                } catch (IOException | UnsupportedOperationException e) {
                    // the next reply is acknowledged late; nothing is lost
                }
            }
        }

        @Override
        public void abort() {
            try {
                close();
            } catch (IOException e) {
                // closed either way
            }
        }

        @Override
        public synchronized void close() throws IOException {
            OPEN.remove(this);
            super.close();
        }
    }
}
