package dev.girard.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;

/**
 * Signed-in browsers. The cookie value is 32 random bytes; only its SHA-256 is stored, next to the session's
 * CSRF token, so sessions survive a restart and are shared by every node on one database.
 */
public final class SessionStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration lifetime;

    /** A signed-in user and the token their state-changing requests must carry. */
    public record Session(User user, String csrfToken) {
    }

    /** A new session: the cookie value (shown to the browser only) and the session. */
    public record Created(String cookieValue, Session session) {
    }

    public SessionStore(Jdbi jdbi, Clock clock, Duration lifetime) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Created create(User user) {
        String cookie = randomToken();
        String csrf = randomToken();
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            // expired sessions go whenever someone signs in
            h.createUpdate("DELETE FROM sessions WHERE expires_at < :now").bind("now", now).execute();
            h.createUpdate("""
                    INSERT INTO sessions (user_id, token_hash, csrf_token, created_at, expires_at)
                    VALUES (:user, :hash, :csrf, :now, :expires)""")
                    .bind("user", user.id()).bind("hash", UserStore.hash(cookie)).bind("csrf", csrf)
                    .bind("now", now).bind("expires", now + lifetime.toMillis()).execute();
        });
        return new Created(cookie, new Session(user, csrf));
    }

    /** The session a cookie value belongs to, if it exists and has not expired. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank()) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT u.id, u.name, u.role, u.email, u.locale, s.csrf_token
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = :hash AND s.expires_at > :now""")
                .bind("hash", UserStore.hash(cookieValue)).bind("now", clock.millis())
                .map((rs, ctx) -> new Session(new User(rs.getLong("id"), rs.getString("name"), rs.getString("role"),
                        rs.getString("email"), rs.getString("locale")), rs.getString("csrf_token")))
                .findOne());
    }

    public void delete(String cookieValue) {
        if (cookieValue != null) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :hash")
                    .bind("hash", UserStore.hash(cookieValue)).execute());
        }
    }

    public Duration lifetime() {
        return lifetime;
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
