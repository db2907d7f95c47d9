package dev.girard.render;

import java.io.IOException;
import java.io.Writer;

/**
 * A string writer that stops a template producing more than a set number of characters. Unsynchronised
 * (one render, one thread) and taking strings as they come, without the copy through a char buffer that
 * {@link Writer#write(String)} makes.
 */
final class LimitedWriter extends Writer {
    // Each thread keeps the buffer of its last render for the next one: a worker renders three parts per
    // message, and a fresh buffer each time cost an allocation and, for Chinese text, a copy into a wider one.
    private static final ThreadLocal<StringBuilder> SPARE = new ThreadLocal<>();
    // A buffer grown past this by an unusually long render is left to the garbage collector.
    private static final int KEEP_CHARS = 64 * 1024;

    private final StringBuilder out;
    private final int limit;

    LimitedWriter(int limit) {
        this.limit = limit;
        StringBuilder spare = SPARE.get();
        if (spare == null) {
            out = new StringBuilder(8 * 1024);
        } else {
            SPARE.remove();
            spare.setLength(0);
            out = spare;
        }
    }

    private void count(int length) throws IOException {
        if (out.length() + length > limit) {
            throw new IOException("the output is longer than " + limit + " characters");
        }
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        count(length);
        out.append(buffer, offset, length);
    }

    @Override
    public void write(String text) throws IOException {
        count(text.length());
        out.append(text);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        count(length);
        out.append(text, offset, offset + length);
    }

    @Override
    public void write(int c) throws IOException {
        count(1);
        out.append((char) c);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** The text written, after which this writer is not to be used again: its buffer serves the next render. */
    String finish() {
        String text = out.toString();
        if (out.capacity() <= KEEP_CHARS) {
            SPARE.set(out);
        }
        return text;
    }
}
