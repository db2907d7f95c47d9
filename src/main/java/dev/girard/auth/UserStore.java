package dev.girard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.Jdbi;

import dev.girard.core.InvalidInputException;

/**
 * Users and their API tokens. A token is 32 random bytes shown once; only its SHA-256 is stored, so a copy
 * of the database does not hand out access.
 */
public final class UserStore {
    public static final Set<String> ROLES = Set.of("admin", "marketer", "viewer");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final Clock clock;

    public UserStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Creates the user if new, and issues a new token for them; returns the token. */
    public String addUserWithToken(String name, String role, String label) {
        if (name == null || !name.matches("[\\p{L}\\p{N}._@-]{1,100}")) {
            throw new InvalidInputException("name", name, "must be 1-100 letters, digits or . _ @ -");
        }
        if (!ROLES.contains(role)) {
            throw new InvalidInputException("role", role, "must be one of admin, marketer, viewer");
        }
        String token = "gir_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        jdbi.useTransaction(h -> {
            long now = clock.millis();
            h.createUpdate("INSERT INTO users (name, role, created_at) VALUES (:name, :role, :now) ON CONFLICT (name) DO NOTHING")
                    .bind("name", name).bind("role", role).bind("now", now).execute();
            long userId = h.createQuery("SELECT id FROM users WHERE name = :name").bind("name", name).mapTo(Long.class).one();
            h.createUpdate("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (:user, :hash, :label, :now)")
                    .bind("user", userId).bind("hash", hash(token)).bind("label", label).bind("now", now).execute();
        });
        return token;
    }

    /** The user a bearer token belongs to, if it is valid. */
    public Optional<User> authenticate(String token) {
        if (token == null || !token.startsWith("gir_")) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = :hash""")
                .bind("hash", hash(token))
                .map((rs, ctx) -> new User(rs.getLong("id"), rs.getString("name"), rs.getString("role")))
                .findOne());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
