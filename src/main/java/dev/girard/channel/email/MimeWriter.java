package dev.girard.channel.email;

import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.mail.internet.MimeUtility;

/**
 * Writes an e-mail's bytes directly: header fields, then a multipart/alternative body with a plain-text and
 * an HTML part, both UTF-8 in base64. Jakarta Mail's object model (header lists, body parts, data handlers,
 * content-type parsing on every save) is the costliest step of sending a personalised message; the bytes it
 * would produce are simple enough to write straight into one buffer.
 *
 * <p>Header values are RFC 2047 encoded when they are not ASCII, unless the message goes to a server that
 * accepted SMTPUTF8 (RFC 6532), where UTF-8 is written as it is. Long fields are folded at white space.
 */
final class MimeWriter {
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'});
    private static final byte[] CRLF = {'\r', '\n'};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    private final boolean utf8Headers;
    private boolean transparent;

    MimeWriter(boolean utf8Headers) {
        this.utf8Headers = utf8Headers;
    }

    /** A field whose value is already in its final form (ASCII, or addresses encoded by the caller). */
    MimeWriter raw(String name, String value) {
        String line = name + ": " + value;
        write(fitsAsItIs(line) ? line : MimeUtility.fold(0, line));
        out.writeBytes(CRLF);
        return this;
    }

    /**
     * Whether folding would leave the line as it is: it fits in 76 characters, has no line break that folding
     * must make safe (a break in a value must not start a field of its own) and no white space at its end to
     * strip. Most fields are such lines, and this spares them the folding's passes over every character.
     */
    private static boolean fitsAsItIs(String line) {
        return line.length() <= 76 && line.indexOf('\r') < 0 && line.indexOf('\n') < 0
                && !Character.isWhitespace(line.charAt(line.length() - 1));
    }

    /** An unstructured field such as Subject: encoded words where the text is not ASCII. */
    MimeWriter text(String name, String value) {
        if (utf8Headers || Addresses.isAscii(value)) {
            return raw(name, value);
        }
        try {
            // the name and ": " are already on the line when the encoder decides where to fold
            String encoded = MimeUtility.encodeText(value, "UTF-8", "B");
            write(MimeUtility.fold(name.length() + 2, name + ": " + encoded));
            out.writeBytes(CRLF);
            return this;
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /**
     * Ends the header and writes the body: multipart/alternative with the text and the HTML part. The
     * boundary must not occur in the content; "=_" never does in base64 lines.
     */
    byte[] alternative(String boundary, String text, String html) {
        raw("MIME-Version", "1.0");
        raw("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        out.writeBytes(CRLF);
        int fieldsEnd = out.size();
        part(boundary, "text/plain; charset=UTF-8", text);
        part(boundary, "text/html; charset=UTF-8", html);
        write("--" + boundary + "--");
        out.writeBytes(CRLF);
        byte[] bytes = out.toByteArray();
        // the body after the fields is transparent as it is written: boundaries, the parts' fixed fields and
        // base64 lines, each ending in CRLF
        transparent = transparent(bytes, 0, fieldsEnd);
        return bytes;
    }

    /**
     * Whether the bytes of the last {@link #alternative} can go into an SMTP data stream as they are (see
     * {@link #transparent(byte[], int, int)}).
     */
    boolean transparent() {
        return transparent;
    }

    /**
     * Whether bytes from the start of a line to {@code to} are what the SMTP data stream would send for them
     * unchanged (RFC 5321, sections 2.3.8 and 4.5.2): every line ends in CRLF, the last one too, there is no CR
     * or LF on its own, and no line starts with a dot (which the stream would double).
     */
    static boolean transparent(byte[] bytes, int from, int to) {
        if (to - from < 2 || bytes[from] == '.' || bytes[to - 2] != '\r' || bytes[to - 1] != '\n') {
            return false;
        }
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                if (i + 1 == to || bytes[i + 1] != '\n' || (i + 2 < to && bytes[i + 2] == '.')) {
                    return false;
                }
                i++;
            } else if (b == '\n') {
                return false;
            }
        }
        return true;
    }

    private void part(String boundary, String contentType, String content) {
        write("--" + boundary);
        out.writeBytes(CRLF);
        write("Content-Type: " + contentType);
        out.writeBytes(CRLF);
        write("Content-Transfer-Encoding: base64");
        out.writeBytes(CRLF);
        out.writeBytes(CRLF);
        out.writeBytes(BASE64.encode(content.getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(CRLF);
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(utf8Headers ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII));
    }
}
