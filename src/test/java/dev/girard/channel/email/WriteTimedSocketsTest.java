package dev.girard.channel.email;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The SMTP write timeout: a server that stops reading gets its connection closed, one that reads does not. */
class WriteTimedSocketsTest {
    private static final byte[] CHUNK = new byte[64 * 1024];

    @Test
    void a_write_to_a_server_that_stopped_reading_fails_once_the_timeout_has_passed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new WriteTimedSockets(500).createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort());
                Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            long started = System.nanoTime();
            // the server never reads: once both sides' buffers are full, a write blocks until the watchdog acts
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100_000; i++) {
                    out.write(CHUNK);
                }
            }).isInstanceOf(IOException.class);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(client.isClosed()).isTrue();
            assertThat(millis).as("closed after the 500 ms timeout, not at once").isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void corked_writes_reach_the_server_only_when_released_and_then_all_together() throws Exception {
        WriteTimedSockets sockets = new WriteTimedSockets(5000);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = sockets.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            WriteTimedSockets.Cork cork = WriteTimedSockets.corkOfLastSocket();
            assertThat(cork).isSameAs(client);
            OutputStream out = client.getOutputStream();
            cork.hold();
            out.write("MAIL FROM:<a@example.org>\r\n".getBytes(US_ASCII));
            out.write("RCPT TO:<b@example.org>\r\n".getBytes(US_ASCII));
            out.write("DATA\r\n".getBytes(US_ASCII));
            out.flush();
            accepted.setSoTimeout(300);
            InputStream in = accepted.getInputStream();
            assertThatThrownBy(in::read).as("nothing sent while held").isInstanceOf(SocketTimeoutException.class);

            cork.release();
            byte[] expected = "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n".getBytes(US_ASCII);
            assertThat(in.readNBytes(expected.length)).isEqualTo(expected);
            out.write('.');
            out.flush();
            assertThat(in.read()).as("after the release, writes go out as they come").isEqualTo('.');
        }
    }

    @Test
    void a_connection_whose_writes_keep_finishing_stays_open_however_long_it_lives() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new WriteTimedSockets(200).createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort());
                Socket accepted = server.accept()) {
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
                long total = 0;
                try (InputStream in = accepted.getInputStream()) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) >= 0;) {
                        total += n;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return total;
            });
            OutputStream out = client.getOutputStream();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
            long written = 0;
            while (System.nanoTime() < until) {
                out.write(CHUNK);
                written += CHUNK.length;
                Thread.sleep(20);
            }
            client.shutdownOutput();

            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(written);
            assertThat(client.isClosed()).as("a second of writes, each well within the 200 ms").isFalse();
        }
    }
}
