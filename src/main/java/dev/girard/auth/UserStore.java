package dev.girard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.Jdbi;

import dev.girard.core.InvalidInputException;

/**
 * Users, their passwords and their API tokens. A token is 32 random bytes shown once; only its SHA-256 is
 * stored, so a copy of the database does not hand out access. Passwords are stored as Argon2id hashes.
 */
public final class UserStore {
    public static final Set<String> ROLES = Set.of("admin", "marketer", "viewer");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static final int MIN_PASSWORD_LENGTH = 10;
    private static final String USER_COLUMNS = "id, name, role, email, locale";

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher = new PasswordHasher();
    // verified when the name is unknown, so a wrong name takes as long as a wrong password
    private final String decoyHash = hasher.hash("decoy password, never matches a sign-in");

    public UserStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Creates the user if new, and issues a new token for them; returns the token. */
    public String addUserWithToken(String name, String role, String label) {
        checkNameAndRole(name, role);
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

    /** Creates the user if new (keeping the role of an existing one); returns the user. */
    public User addUser(String name, String role) {
        checkNameAndRole(name, role);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (name, role, created_at) VALUES (:name, :role, :now) "
                + "ON CONFLICT (name) DO NOTHING").bind("name", name).bind("role", role).bind("now", clock.millis()).execute());
        return findByName(name).orElseThrow();
    }

    /** Sets a user's password, stored as an Argon2id hash. */
    public void setPassword(String name, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "", "must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        String hash = hasher.hash(password);
        int rows = jdbi.withHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE name = :name")
                .bind("hash", hash).bind("name", name).execute());
        if (rows == 0) {
            throw new InvalidInputException("name", name, "is not a user");
        }
    }

    /** The user if the name and password match; empty otherwise (also for users without a password). */
    public Optional<User> signIn(String name, String password) {
        Optional<String> stored = name == null ? Optional.empty() : jdbi.withHandle(h -> h.createQuery(
                "SELECT password_hash FROM users WHERE name = :name AND password_hash IS NOT NULL")
                .bind("name", name).mapTo(String.class).findOne());
        boolean matches = hasher.verify(password == null ? "" : password, stored.orElse(decoyHash));
        return matches && stored.isPresent() ? findByName(name) : Optional.empty();
    }

    public Optional<User> findByName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE name = :name")
                .bind("name", name).map((rs, ctx) -> user(rs)).findOne());
    }

    public Optional<User> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> user(rs)).findOne());
    }

    public List<User> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users ORDER BY name")
                .map((rs, ctx) -> user(rs)).list());
    }

    public User setRole(long id, String role) {
        if (!ROLES.contains(role)) {
            throw new InvalidInputException("role", role, "must be one of admin, marketer, viewer");
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET role = :role WHERE id = :id").bind("role", role)
                .bind("id", id).execute());
        return find(id).orElseThrow();
    }

    /** A user's own settings: the address tests go to, and the admin page's language (null: the browser's). */
    public User updateSettings(long id, String email, String locale) {
        if (email != null && !email.isBlank() && !email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new InvalidInputException("email", email, "must be an e-mail address such as you@example.com");
        }
        if (locale != null && !locale.isBlank() && !List.of("en", "zh").contains(locale)) {
            throw new InvalidInputException("locale", locale, "must be en or zh");
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET email = :email, locale = :locale WHERE id = :id")
                .bind("email", email == null || email.isBlank() ? null : email.strip())
                .bind("locale", locale == null || locale.isBlank() ? null : locale)
                .bind("id", id).execute());
        return find(id).orElseThrow();
    }

    private static void checkNameAndRole(String name, String role) {
        if (name == null || !name.matches("[\\p{L}\\p{N}._@-]{1,100}")) {
            throw new InvalidInputException("name", name, "must be 1-100 letters, digits or . _ @ -");
        }
        if (!ROLES.contains(role)) {
            throw new InvalidInputException("role", role, "must be one of admin, marketer, viewer");
        }
    }

    private static User user(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new User(rs.getLong("id"), rs.getString("name"), rs.getString("role"), rs.getString("email"),
                rs.getString("locale"));
    }

    /** The user a bearer token belongs to, if it is valid. */
    public Optional<User> authenticate(String token) {
        if (token == null || !token.startsWith("gir_")) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT u.id, u.name, u.role, u.email, u.locale FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = :hash""")
                .bind("hash", hash(token))
                .map((rs, ctx) -> user(rs))
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
