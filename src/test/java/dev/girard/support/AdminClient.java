package dev.girard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without a browser: the admin page over HTTP with a cookie jar, reading CSRF tokens from forms. */
public final class AdminClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final HttpClient http;
    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();

    public AdminClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public record Page(int status, String body, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), java.util.List.of()).stream()
                    .findFirst().orElse(null);
        }

        public java.util.List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), java.util.List.of());
        }

        /** The CSRF token of the first form on the page. */
        public String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no CSRF field on the page: " + body);
            }
            return m.group(1);
        }
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** A page as a browser set to these languages asks for it. */
    public Page getWithLanguage(String path, String acceptLanguage) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept-Language", acceptLanguage).GET());
    }

    /** Posts a form as is (add "_csrf" yourself to send a token). */
    public Page post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts an already encoded form body (for fields given more than once). */
    public Page postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a form with the CSRF token of the page at {@code tokenFrom}, as a browser that loaded it would. */
    public Page submit(String tokenFrom, String path, Map<String, String> form) {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("_csrf", get(tokenFrom).csrf());
        return post(path, withToken);
    }

    /** Uploads a file as a multipart form with a CSRF token, as a browser's file form does. */
    public Page upload(String path, String csrf, String fileName, String content) {
        String boundary = "----girard" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A response's raw bytes (an image, a PDF). */
    public byte[] bytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client signed in as the user on the server at {@code baseUrl}; fails unless the sign-in is accepted. */
    public static AdminClient signedIn(String baseUrl, String name, String password) {
        AdminClient client = new AdminClient(baseUrl);
        Page page = client.signIn(name, password);
        if (page.status() != 303) {
            throw new AssertionError("sign-in as " + name + " answered " + page.status() + " instead of 303: " + page.body());
        }
        return client;
    }

    public Page signIn(String name, String password) {
        Page login = get("/admin/login");
        return post("/admin/login", Map.of("_csrf", login.csrf(), "name", name, "password", password, "next", "/admin/"));
    }

    private Page send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
