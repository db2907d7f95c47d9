package dev.girard.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.girard.core.InvalidInputException;

/**
 * Finds the character encoding of a CSV file, in this order: a byte-order mark (UTF-8, UTF-16 LE or BE);
 * else UTF-8 if every byte of the file decodes as strict UTF-8; else the configured fallback (GB18030 by
 * default, which reads GBK files too, as Chinese Excel writes them). A given encoding overrides detection.
 * The chosen encoding must decode the whole file: a file that does not is refused with the line of the
 * first bad byte, so nothing is ever stored garbled.
 */
public final class CsvEncoding {
    private static final int BUFFER = 64 * 1024;

    private CsvEncoding() {
    }

    /** The encoding found, and how many bytes of byte-order mark to skip. */
    public record Detected(Charset charset, int bomLength, String how) {
        public String name() {
            return charset.name();
        }
    }

    /**
     * @param override the encoding named by the user (e.g. {@code GBK}), or null to detect
     * @param fallback the encoding for files that have no byte-order mark and are not UTF-8
     * @throws InvalidInputException when the file cannot be decoded, naming the line of the first bad byte
     */
    public static Detected detect(Path file, String source, String override, Charset fallback) {
        Optional<Detected> bom = byteOrderMark(file);
        if (override != null && !override.isBlank()) {
            Charset charset = charset(override);
            int skip = bom.filter(b -> b.charset().equals(charset)).map(Detected::bomLength).orElse(0);
            Detected given = new Detected(charset, skip, "given");
            requireDecodable(file, source, given, "is not " + charset.name() + " text");
            return given;
        }
        if (bom.isPresent()) {
            requireDecodable(file, source, bom.get(), "starts with a " + bom.get().name()
                    + " byte-order mark but is not " + bom.get().name() + " text");
            return bom.get();
        }
        Detected utf8 = new Detected(StandardCharsets.UTF_8, 0, "detected");
        if (firstUndecodableLine(file, utf8) == 0) {
            return utf8;
        }
        Detected fallen = new Detected(fallback, 0, "fallback");
        requireDecodable(file, source, fallen, "is neither UTF-8 nor " + fallback.name() + " text");
        return fallen;
    }

    /** The charset of a name the user gave, or a message listing what is accepted. */
    public static Charset charset(String name) {
        try {
            return Charset.forName(name.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new InvalidInputException("encoding", name,
                    "is not a known encoding (e.g. UTF-8, GB18030, GBK, UTF-16, Big5, Shift_JIS, ISO-8859-1)");
        }
    }

    private static Optional<Detected> byteOrderMark(Path file) {
        byte[] head = new byte[3];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 3);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return Optional.of(new Detected(StandardCharsets.UTF_8, 3, "byte-order mark"));
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return Optional.of(new Detected(StandardCharsets.UTF_16LE, 2, "byte-order mark"));
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return Optional.of(new Detected(StandardCharsets.UTF_16BE, 2, "byte-order mark"));
        }
        return Optional.empty();
    }

    private static void requireDecodable(Path file, String source, Detected encoding, String problem) {
        long line = firstUndecodableLine(file, encoding);
        if (line > 0) {
            throw new InvalidInputException("file", source, problem + " (first bad bytes on line " + line
                    + "); save it as CSV UTF-8, or name its encoding (CLI --encoding, API ?encoding=)");
        }
    }

    /**
     * Decodes the whole file strictly; 0 when it decodes, else the line (from 1) of the first bad byte. The
     * usual case, a file that decodes, takes one pass that does not look at the characters; only a file that
     * does not is read again, counting lines up to the bad byte.
     */
    static long firstUndecodableLine(Path file, Detected encoding) {
        return scan(file, encoding, false) == 0 ? 0 : scan(file, encoding, true);
    }

    /**
     * Decodes the whole file: 0 when every byte decodes; otherwise the line of the first that does not when
     * {@code countLines}, else -1 (counting the lines costs a pass over every character).
     */
    private static long scan(Path file, Detected encoding, boolean countLines) {
        CharsetDecoder decoder = encoding.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
        CharBuffer chars = CharBuffer.allocate(BUFFER);
        long line = 1;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(encoding.bomLength());
            boolean end = false;
            while (true) {
                if (!end) {
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        end = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                }
                bytes.flip();
                CoderResult result = decoder.decode(bytes, chars, end);
                if (countLines) {
                    line += newlines(chars);
                } else {
                    chars.clear();
                }
                if (result.isError()) {
                    return countLines ? line : -1;
                }
                bytes.compact();
                if (end && result.isUnderflow()) {
                    return !decoder.flush(chars).isError() ? 0 : countLines ? line : -1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static int newlines(CharBuffer chars) {
        chars.flip();
        char[] array = chars.array();
        int count = 0;
        for (int i = chars.position(), end = chars.limit(); i < end; i++) {
            if (array[i] == '\n') {
                count++;
            }
        }
        chars.clear();
        return count;
    }
}
