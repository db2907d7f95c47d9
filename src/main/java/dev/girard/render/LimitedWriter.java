package dev.girard.render;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;

/** A string writer that stops a template producing more than a set number of characters. */
final class LimitedWriter extends Writer {
    private final StringWriter out = new StringWriter();
    private final int limit;
    private int written;

    LimitedWriter(int limit) {
        this.limit = limit;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        written += length;
        if (written > limit) {
            throw new IOException("the output is longer than " + limit + " characters");
        }
        out.write(buffer, offset, length);
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
