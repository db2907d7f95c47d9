package dev.girard.channel.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.girard.config.Config;
import dev.girard.config.ConfigException;
import dev.girard.config.ConfigKey;

/**
 * The unsubscribe links in e-mails: {@code <base URL>/u/<customer>.<campaign>.<signature>}, where the
 * signature is an HMAC-SHA256 of customer and campaign under a server-side key (the first 128 bits,
 * base64url). Whoever holds the link may unsubscribe that customer, without logging in; nobody can make a
 * link for another customer without the key.
 */
public final class UnsubscribeLinks {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 16;
    private static final Pattern TOKEN = Pattern.compile("([1-9][0-9]{0,18})\\.([1-9][0-9]{0,18})\\.([A-Za-z0-9_-]{22})");
    static final String KEY_FILE = "unsubscribe.key";

    private final SecretKeySpec key;
    // one initialised Mac per thread (a Mac is not thread-safe): looking one up and keying it costs more than signing
    private final ThreadLocal<Mac> macs = new ThreadLocal<>();
    private final Supplier<String> baseUrl;

    /** Who a valid link unsubscribes, and from which campaign's message they followed it. */
    public record Subject(long customerId, long campaignId) {
    }

    public UnsubscribeLinks(byte[] key, Supplier<String> baseUrl) {
        if (key.length < 32) {
            throw new IllegalArgumentException("An unsubscribe key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.baseUrl = baseUrl;
    }

    /**
     * The key from {@code girard.unsubscribe.secret}; if that is empty, on a single node (SQLite) a random
     * key made on first start and kept in the data folder, readable by its owner only. Several nodes on
     * one database must sign alike, so there the key must be configured.
     *
     * @param singleNode whether this is the only node (no other process can serve the links)
     * @throws ConfigException when several nodes could run and no key is configured
     */
    public static UnsubscribeLinks fromConfig(Config config, boolean singleNode, Supplier<String> baseUrl) {
        String secret = config.get(ConfigKey.UNSUBSCRIBE_SECRET);
        if (!secret.isEmpty()) {
            return new UnsubscribeLinks(secret.getBytes(StandardCharsets.UTF_8), baseUrl);
        }
        if (!singleNode) {
            throw new ConfigException(ConfigKey.UNSUBSCRIBE_SECRET.key() + " must be set (at least 32 characters, e.g. "
                    + "from: openssl rand -base64 32) when the database is shared by several nodes, so that a link made "
                    + "by one node is accepted by every other; set it in the environment as "
                    + ConfigKey.UNSUBSCRIBE_SECRET.environmentVariable());
        }
        return new UnsubscribeLinks(keptKey(config.dataDir().resolve(KEY_FILE)), baseUrl);
    }

    /** Reads the key file, or makes it (once, atomically: two processes starting together agree). */
    private static byte[] keptKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".unsubscribe-", ".tmp");
                try {
                    restrict(temp);
                    Files.writeString(temp, Base64.getEncoder().encodeToString(fresh) + "\n");
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException e) {
                    // another process made it first: use theirs
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
            if (key.length < 32) {
                throw new ConfigException("The unsubscribe key in " + file + " is shorter than 32 bytes; delete the file "
                        + "to make a new one (links already sent stop working) or set " + ConfigKey.UNSUBSCRIBE_SECRET.key());
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("The unsubscribe key in " + file + " is not base64: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the unsubscribe key " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions protect it
        }
    }

    /** The link that unsubscribes this customer, followed from this campaign's message. */
    public String url(long customerId, long campaignId) {
        return baseUrl.get() + "/u/" + token(customerId, campaignId);
    }

    public String token(long customerId, long campaignId) {
        return customerId + "." + campaignId + "." + encoded(signature(customerId, campaignId));
    }

    /** The customer and campaign a token names, if it is well-formed and its signature is ours. */
    public Optional<Subject> verify(String token) {
        Matcher m = token == null ? null : TOKEN.matcher(token);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        long customerId;
        long campaignId;
        try {
            customerId = Long.parseLong(m.group(1));
            campaignId = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // compared as text, not decoded: base64 ignores the last character's low bits, and a changed link
        // must not pass; constant time, so the signature cannot be found byte by byte from response times
        byte[] given = m.group(3).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = encoded(signature(customerId, campaignId)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) ? Optional.of(new Subject(customerId, campaignId)) : Optional.empty();
    }

    private static String encoded(byte[] signature) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private byte[] signature(long customerId, long campaignId) {
        try {
            Mac mac = macs.get();
            if (mac == null) {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                macs.set(mac);
            }
            // doFinal leaves the Mac ready for the next message under the same key
            byte[] full = mac.doFinal(("unsubscribe:" + customerId + ":" + campaignId).getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(full, SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
