package dev.girard.render;

import java.io.IOException;
import java.io.Writer;

/**
 * A string writer that stops a template producing more than a set number of characters. Unsynchronised
 * (one render, one thread) and taking strings as they come, without the copy through a char buffer that
 * {@link Writer#write(String)} makes.
 */
final class LimitedWriter extends Writer {
    private final StringBuilder out = new StringBuilder(8 * 1024);
    private final int limit;

    LimitedWriter(int limit) {
        this.limit = limit;
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
}
