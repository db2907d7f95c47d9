package dev.girard.channel.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may post replies to {@code /sms/inbound}: a caller with the shared token, a body signed with the
 * HMAC key (HMAC-SHA256, hex), or, when the Twilio gateway is configured, a form carrying a valid
 * {@code X-Twilio-Signature}. With none of them configured the endpoint accepts nothing.
 */
public final class InboundAuth {
    private final String token;
    private final String hmacKey;
    private final String twilioAuthToken;

    /** Empty strings for the methods not configured. */
    public InboundAuth(String token, String hmacKey, String twilioAuthToken) {
        this.token = token;
        this.hmacKey = hmacKey;
        this.twilioAuthToken = twilioAuthToken;
    }

    public boolean configured() {
        return !token.isEmpty() || !hmacKey.isEmpty() || !twilioAuthToken.isEmpty();
    }

    public boolean twilioConfigured() {
        return !twilioAuthToken.isEmpty();
    }

    public boolean tokenValid(String provided) {
        return !token.isEmpty() && provided != null && equal(token.getBytes(StandardCharsets.UTF_8),
                provided.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** @param header {@code sha256=<hex>} (or the bare hex) of HMAC-SHA256 over the raw body */
    public boolean hmacValid(byte[] body, String header) {
        if (hmacKey.isEmpty() || header == null) {
            return false;
        }
        String hex = header.strip();
        if (hex.regionMatches(true, 0, "sha256=", 0, 7)) {
            hex = hex.substring(7);
        }
        byte[] expected = HexFormat.of().formatHex(hmac("HmacSHA256", hmacKey, body)).getBytes(StandardCharsets.US_ASCII);
        return equal(expected, hex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Twilio's signature: Base64 of HMAC-SHA1, keyed with the auth token, over the full URL Twilio
     * requested followed by each POST parameter's name and value, sorted by name.
     */
    public boolean twilioValid(String url, Map<String, List<String>> params, String signature) {
        if (twilioAuthToken.isEmpty() || signature == null) {
            return false;
        }
        byte[] expected = twilioSignature(twilioAuthToken, url, params).getBytes(StandardCharsets.US_ASCII);
        return equal(expected, signature.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** The X-Twilio-Signature Twilio would send for this request. */
    public static String twilioSignature(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, List<String>> param : new TreeMap<>(params).entrySet()) {
            List<String> values = new ArrayList<>(param.getValue());
            values.sort(null);
            for (String value : values) {
                data.append(param.getKey()).append(value);
            }
        }
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** HMAC-SHA256 hex of a body, as a sender signing for the generic form computes it. */
    public static String hmacSha256Hex(String key, byte[] body) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", key, body));
    }

    private static byte[] hmac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
