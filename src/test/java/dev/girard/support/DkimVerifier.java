package dev.girard.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a DKIM signature the way a receiver does (RFC 6376 section 6: rsa-sha256, relaxed or simple
 * canonicalization), against a public key given directly instead of looked up in DNS. Written from the RFC,
 * independently of the signing library, so the two cannot share a mistake.
 */
public final class DkimVerifier {
    private DkimVerifier() {
    }

    /** The signature's tags and the header names it covers, once it verified. */
    public record Verified(Map<String, String> tags, List<String> signedHeaders) {
    }

    /**
     * @param message the message as received (CRLF line ends)
     * @throws AssertionError saying what does not match
     */
    public static Verified verify(byte[] message, PublicKey key) {
        String raw = new String(message, StandardCharsets.UTF_8);
        int split = raw.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new AssertionError("no blank line between header and body");
        }
        List<String> fields = unfoldedFields(raw.substring(0, split + 2));
        String body = raw.substring(split + 4);
        String signatureField = fields.stream().filter(f -> name(f).equalsIgnoreCase("DKIM-Signature")).findFirst()
                .orElseThrow(() -> new AssertionError("no DKIM-Signature header"));
        Map<String, String> tags = tags(value(signatureField));
        require(tags, "v", "1");
        require(tags, "a", "rsa-sha256");
        String[] canon = tags.getOrDefault("c", "simple/simple").split("/");
        boolean relaxedHeaders = canon[0].equals("relaxed");
        boolean relaxedBody = canon.length > 1 && canon[1].equals("relaxed");

        String canonicalBody = relaxedBody ? relaxedBody(body) : simpleBody(body);
        String bodyHash = Base64.getEncoder().encodeToString(sha256(canonicalBody.getBytes(StandardCharsets.UTF_8)));
        if (!bodyHash.equals(tags.get("bh").replaceAll("\\s", ""))) {
            throw new AssertionError("body hash differs: the body changed after signing (bh=" + tags.get("bh")
                    + ", computed " + bodyHash + ")");
        }

        List<String> names = List.of(tags.get("h").replaceAll("\\s", "").split(":"));
        StringBuilder signed = new StringBuilder();
        List<String> unused = new ArrayList<>(fields);
        for (String headerName : names) {
            // the last instance not used yet, counting from the bottom (RFC 6376 5.4.2)
            for (int i = unused.size() - 1; i >= 0; i--) {
                if (name(unused.get(i)).equalsIgnoreCase(headerName)) {
                    String field = unused.remove(i);
                    signed.append(relaxedHeaders ? relaxedHeader(field) : field).append("\r\n");
                    break;
                }
            }
        }
        String withoutB = signatureField.replaceAll("(?<=[;\\s]b=)[^;]*", "");
        String canonicalSignature = relaxedHeaders ? relaxedHeader(withoutB) : withoutB;
        signed.append(canonicalSignature);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(signed.toString().getBytes(StandardCharsets.UTF_8));
            if (!rsa.verify(Base64.getDecoder().decode(tags.get("b").replaceAll("\\s", "")))) {
                throw new AssertionError("the signature does not match the signed headers:\n" + signed);
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError("cannot check the signature: " + e.getMessage(), e);
        }
        return new Verified(tags, names);
    }

    private static void require(Map<String, String> tags, String tag, String expected) {
        if (!expected.equals(tags.get(tag))) {
            throw new AssertionError("DKIM-Signature " + tag + "=" + tags.get(tag) + ", expected " + expected);
        }
    }

    /** Header fields with their line breaks, continuation lines joined to the field they continue. */
    private static List<String> unfoldedFields(String header) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : header.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                current.append("\r\n").append(line);
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            fields.add(current.toString());
        }
        return fields;
    }

    private static String name(String field) {
        return field.substring(0, field.indexOf(':')).strip();
    }

    private static String value(String field) {
        return field.substring(field.indexOf(':') + 1);
    }

    private static Map<String, String> tags(String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return tags;
    }

    /** RFC 6376 3.4.2. */
    private static String relaxedHeader(String field) {
        String name = name(field).toLowerCase(Locale.ROOT);
        String value = value(field).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
        return name + ":" + value;
    }

    /** RFC 6376 3.4.4. */
    private static String relaxedBody(String body) {
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\r\n", -1)) {
            out.append(line.replaceAll("[ \t]+", " ").replaceAll(" $", "")).append("\r\n");
        }
        String text = out.toString();
        while (text.endsWith("\r\n\r\n")) {
            text = text.substring(0, text.length() - 2);
        }
        return text.equals("\r\n") ? "" : text;
    }

    /** RFC 6376 3.4.3. */
    private static String simpleBody(String body) {
        String text = body.endsWith("\r\n") ? body : body + "\r\n";
        while (text.endsWith("\r\n\r\n")) {
            text = text.substring(0, text.length() - 2);
        }
        return text;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
