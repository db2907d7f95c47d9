package dev.girard.channel.sms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.girard.channel.Outcome;
import dev.girard.core.Json;

/**
 * The default gateway: sends nothing, but appends each text as one JSON line to a file (id, at, from, to,
 * body, reference, encoding, segments), forced to disk before the send counts as done, so the file is the
 * record of what would have gone out.
 */
public final class FileSmsGateway implements SmsGateway {
    private final Path file;
    private final String from;
    private final Clock clock;
    private FileChannel out;

    public FileSmsGateway(Path file, String from, Clock clock) {
        this.file = file;
        this.from = from;
        this.clock = clock;
    }

    @Override
    public String id() {
        return "file";
    }

    @Override
    public synchronized Outcome send(SmsMessage message) {
        String id = "file-" + UUID.randomUUID();
        SmsSegments.Count count = SmsSegments.count(message.body());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("at", clock.instant().toString());
        line.put("from", from);
        line.put("to", message.to());
        line.put("body", message.body());
        line.put("reference", message.reference());
        line.put("encoding", count.encoding().name());
        line.put("segments", count.segments());
        byte[] bytes = (Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            FileChannel channel = channel();
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            return Outcome.sent(id);
        } catch (IOException e) {
            closeQuietly();
            return Outcome.retry("cannot write " + file + ": " + e.getMessage());
        }
    }

    private FileChannel channel() throws IOException {
        if (out == null) {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        return out;
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the next send opens the file again
            }
            out = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out = null;
        }
    }
}
