package dev.girard.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every configuration key Girard knows, with its default, how it is validated and whether it is a secret.
 * A key not listed here is refused at start, so a typo never silently falls back to a default.
 */
public enum ConfigKey {
    HTTP_HOST("girard.http.host", "127.0.0.1", Validators.NOT_BLANK, false,
            "Address the HTTP server binds to. Use 0.0.0.0 to accept connections from other machines."),
    HTTP_PORT("girard.http.port", "7070", Validators.PORT_OR_ZERO, false,
            "HTTP port for the API, the admin page and the public endpoints (0 picks a free port)."),
    BASE_URL("girard.base.url", "", Validators.URL_OR_EMPTY, false,
            "Public URL of this server, used in links inside messages. Empty: http://localhost:<port>."),
    DATA_DIR("girard.data.dir", "data", Validators.NOT_BLANK, false,
            "Folder for the SQLite database, the mail pickup folder and the logs."),
    DB_URL("girard.db.url", "", Validators.JDBC_URL_OR_EMPTY, false,
            "JDBC URL. Empty: jdbc:sqlite:<data dir>/girard.db."),
    DB_USER("girard.db.user", "", Validators.ANY, false,
            "Database user (PostgreSQL)."),
    DB_PASSWORD("girard.db.password", "", Validators.ANY, true,
            "Database password (PostgreSQL). Prefer the environment variable GIRARD_DB_PASSWORD."),
    DB_POOL_SIZE("girard.db.pool.size", "12", Validators.positiveInt(2, 200), false,
            "Connections in the pool (the scheduler, the web server and the delivery workers share it); raised to at least 2 x girard.delivery.workers + 4."),
    TEMPLATES_DIR("girard.templates.dir", "templates", Validators.ANY, false,
            "Folder of templates that override or add to the built-in ones. Empty: built-in templates only."),
    TIMEZONE("girard.timezone", "UTC", Validators.ZONE, false,
            "Time zone for customers who have none (IANA name, e.g. Asia/Shanghai)."),
    PHONE_REGION("girard.phone.region", "CN", Validators.REGION, false,
            "Region for phone numbers written without a country code (ISO 3166 code, e.g. CN, US, DE)."),
    BUSINESS_NAME("girard.business.name", "Girard Demo Shop", Validators.NOT_BLANK, false,
            "The business name shown in every message."),
    BUSINESS_ADDRESS("girard.business.address", "1 Example Road, Springfield", Validators.NOT_BLANK, false,
            "The business's postal address, shown in every message footer."),
    MAIL_FROM("girard.mail.from", "hello@example.com", Validators.EMAIL, false,
            "Sender address of every e-mail."),
    MAIL_FROM_NAME("girard.mail.from.name", "", Validators.ANY, false,
            "Sender name. Empty: the business name."),
    MAIL_REPLY_TO("girard.mail.reply.to", "", Validators.EMAIL_OR_EMPTY, false,
            "Reply-To address. Empty: replies go to the sender address."),
    UNSUBSCRIBE_SECRET("girard.unsubscribe.secret", "", Validators.SECRET_OR_EMPTY, true,
            "Key that signs the unsubscribe links in e-mails (at least 32 characters). Prefer the environment variable GIRARD_UNSUBSCRIBE_SECRET. Empty: on SQLite a random key is made once and kept in <data dir>/unsubscribe.key; on PostgreSQL it is required, so that every node signs alike."),
    DKIM_KEY("girard.dkim.key", "", Validators.ANY, false,
            "DKIM private key file: RSA (2048 bits recommended, under 1024 refused), PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) or DER. Empty: e-mails are not DKIM-signed."),
    DKIM_SELECTOR("girard.dkim.selector", "girard", Validators.DNS_NAME, false,
            "DKIM selector: the public key is published in DNS at <selector>._domainkey.<domain>."),
    DKIM_DOMAIN("girard.dkim.domain", "", Validators.ANY, false,
            "DKIM signing domain (d=). Empty: the domain of girard.mail.from."),
    SMTP_HOST("girard.smtp.host", "", Validators.ANY, false,
            "SMTP server. Empty: messages are written as .eml files to the pickup folder instead of being sent."),
    SMTP_PORT("girard.smtp.port", "587", Validators.PORT, false,
            "SMTP port (587 for STARTTLS, 465 for SSL, 25 for plain)."),
    SMTP_SECURITY("girard.smtp.security", "starttls", Validators.oneOf("starttls", "ssl", "none"), false,
            "starttls (required STARTTLS), ssl (TLS from the start) or none."),
    SMTP_USERNAME("girard.smtp.username", "", Validators.ANY, false,
            "SMTP user. Empty: no authentication."),
    SMTP_PASSWORD("girard.smtp.password", "", Validators.ANY, true,
            "SMTP password. Prefer the environment variable GIRARD_SMTP_PASSWORD."),
    SMTP_TIMEOUT_MS("girard.smtp.timeout.ms", "30000", Validators.positiveInt(100, 600_000), false,
            "Connect, read and write timeout for the SMTP connection, in milliseconds."),
    OUTBOX_DIR("girard.outbox.dir", "", Validators.ANY, false,
            "Pickup folder for .eml files when no SMTP host is set. Empty: <data dir>/outbox."),
    SMTP_CONNECTIONS("girard.smtp.connections", "2", Validators.positiveInt(1, 64), false,
            "SMTP connections kept open and reused by all workers (a worker holds one only while it transmits)."),
    DELIVERY_WORKERS("girard.delivery.workers", "4", Validators.positiveInt(1, 64), false,
            "Delivery worker threads: they render and compose in parallel and share the SMTP connections."),
    DELIVERY_BATCH_SIZE("girard.delivery.batch.size", "500", Validators.positiveInt(1, 100_000), false,
            "Rows written per transaction when planning a run, and rows a worker claims at once."),
    DELIVERY_MAX_ATTEMPTS("girard.delivery.max.attempts", "30", Validators.positiveInt(1, 1000), false,
            "Attempts for a message whose send failed temporarily, before it is recorded as failed."),
    DELIVERY_RETRY_FIRST_SECONDS("girard.delivery.retry.first.seconds", "60", Validators.positiveInt(1, 86_400), false,
            "Delay before the first retry after a temporary failure (SMTP 4xx, timeout, dropped connection); it doubles each time, up to an hour."),
    DELIVERY_RETRY_GIVE_UP_HOURS("girard.delivery.retry.give.up.hours", "96", Validators.positiveInt(1, 24 * 30), false,
            "A message still failing temporarily this long after it was planned is recorded as failed."),
    DELIVERY_LEASE_SECONDS("girard.delivery.lease.seconds", "300", Validators.positiveInt(5, 86_400), false,
            "How long a worker holds claimed messages; a crashed worker's messages go back to the queue after this."),
    DELIVERY_PAUSE_AFTER_FAILURES("girard.delivery.pause.after.failures", "50", Validators.positiveInt(2, 100_000), false,
            "A run pauses itself when this many sends in a row failed for the same reason (the server is down, not the customers)."),
    EMAIL_RATE("girard.email.rate", "0", Validators.positiveInt(0, 1_000_000), false,
            "E-mails per second at most, over all workers (0: no limit)."),
    SMS_GATEWAY("girard.sms.gateway", "file", Validators.oneOf("file", "http", "twilio"), false,
            "Where texts go: file (one JSON line per message in the SMS outbox file, sent nowhere), http (a JSON POST to girard.sms.http.url) or twilio (Twilio's Messages API or a compatible one)."),
    SMS_FROM("girard.sms.from", "", Validators.ANY, false,
            "Sender of every text: an E.164 number such as +14155550100 or an alphanumeric sender ID the provider allows. Required for twilio."),
    SMS_OUTBOX_FILE("girard.sms.outbox.file", "", Validators.ANY, false,
            "The file the file gateway appends texts to. Empty: <data dir>/sms-outbox.jsonl."),
    SMS_HTTP_URL("girard.sms.http.url", "", Validators.URL_OR_EMPTY, false,
            "http gateway: the URL each text is POSTed to as JSON. Required for http."),
    SMS_HTTP_AUTH_HEADER("girard.sms.http.auth.header", "Authorization", Validators.HEADER_NAME, false,
            "http gateway: the header that carries the credential."),
    SMS_HTTP_AUTH_VALUE("girard.sms.http.auth.value", "", Validators.ANY, true,
            "http gateway: the credential sent in that header, e.g. Bearer abc123. Prefer the environment variable GIRARD_SMS_HTTP_AUTH_VALUE. Empty: no header."),
    SMS_HTTP_BODY("girard.sms.http.body", "{\"to\": \"${to}\", \"from\": \"${from}\", \"text\": \"${body}\", \"reference\": \"${reference}\"}",
            Validators.SMS_BODY_TEMPLATE, false,
            "http gateway: the JSON body; ${to}, ${from}, ${body} and ${reference} are replaced by the JSON-escaped values (write them inside quotes)."),
    SMS_HTTP_RESPONSE_ID("girard.sms.http.response.id", "/id", Validators.JSON_POINTER, false,
            "http gateway: where the provider's message id is in its JSON answer, as a JSON pointer (e.g. /messages/0/id)."),
    SMS_HTTP_INVALID_NUMBER("girard.sms.http.invalid.number", "(?i)invalid[^.]{0,40}(number|recipient|phone|msisdn|destination)|unknown subscriber",
            Validators.REGEX, false,
            "http gateway: a 4xx answer whose body matches this regular expression means the number itself is invalid: it is suppressed and never texted again."),
    SMS_TWILIO_ACCOUNT_SID("girard.sms.twilio.account.sid", "", Validators.ANY, false,
            "twilio gateway: the Account SID (AC...). Required for twilio."),
    SMS_TWILIO_AUTH_TOKEN("girard.sms.twilio.auth.token", "", Validators.ANY, true,
            "twilio gateway: the auth token; it also checks the X-Twilio-Signature of replies. Prefer the environment variable GIRARD_SMS_TWILIO_AUTH_TOKEN."),
    SMS_TWILIO_BASE_URL("girard.sms.twilio.base.url", "https://api.twilio.com", Validators.URL_OR_EMPTY, false,
            "twilio gateway: the API's base URL (a Twilio-compatible provider or a test stand-in)."),
    SMS_RATE("girard.sms.rate", "0", Validators.positiveInt(0, 10_000), false,
            "Texts per second at most, over all workers (0: no limit); providers often allow one a second per long-code number."),
    SMS_TIMEOUT_MS("girard.sms.timeout.ms", "10000", Validators.positiveInt(100, 600_000), false,
            "Connect and answer timeout for an SMS gateway request, in milliseconds; a timeout is retried."),
    SMS_MAX_SEGMENTS("girard.sms.max.segments", "3", Validators.positiveInt(1, 20), false,
            "A template whose text (with the opt-out line) takes more segments than this for a sample customer is refused when a campaign is saved."),
    SMS_QUIET_HOURS("girard.sms.quiet.hours", "08:00-21:00", Validators.TIME_WINDOW, false,
            "Hours of the recipient's local day when texts may go out (HH:MM-HH:MM); a text due outside them waits for the next start. The same start and end: any time."),
    SMS_QUIET_HOURS_BY_COUNTRY("girard.sms.quiet.hours.by.country", "", Validators.COUNTRY_TIME_WINDOWS, false,
            "Other hours for recipients in some countries (by the phone number's region), e.g. US=09:00-20:00, FR=08:00-20:00."),
    SMS_OPTIN_CONFIRMATION("girard.sms.optin.confirmation", "false", Validators.oneOf("true", "false"), false,
            "true: the first text after a customer opts in is preceded by a confirmation that says how to opt out."),
    SMS_HELP_CONTACT("girard.sms.help.contact", "", Validators.ANY, false,
            "The contact a HELP reply names (a phone number, e-mail address or web page). Empty: the sender e-mail address."),
    SMS_INBOUND_TOKEN("girard.sms.inbound.token", "", Validators.ANY, true,
            "Shared token for POST /sms/inbound, sent as ?token=..., header X-Girard-Token or Authorization: Bearer. Empty: not accepted."),
    SMS_INBOUND_HMAC_KEY("girard.sms.inbound.hmac.key", "", Validators.ANY, true,
            "Key for POST /sms/inbound signed with HMAC-SHA256 over the raw body, sent as header X-Girard-Signature: sha256=<hex>. Empty: not accepted."),
    EMAIL_COST("girard.email.cost", "0.001", Validators.MONEY, false,
            "Cost of one e-mail, in the currency your reports use (up to six decimals); recorded on every e-mail sent."),
    SMS_COST("girard.sms.cost", "0.05", Validators.MONEY, false,
            "Cost of one SMS (of one segment, when the SMS channel prices by segments); recorded on every SMS sent."),
    POSTCARD_COST("girard.postcard.cost", "0.80", Validators.MONEY, false,
            "Cost of one postcard, printed and posted; recorded on every card sent to the print shop."),
    POSTCARD_DIR("girard.postcard.dir", "", Validators.ANY, false,
            "Folder the print shop collects postcards from: one sub-folder per run with PDF batches and manifests. Empty: <data dir>/postcards."),
    POSTCARD_BATCH_SIZE("girard.postcard.batch.size", "500", Validators.positiveInt(1, 10_000), false,
            "Cards per PDF file (each card is two pages: front, then back)."),
    POSTCARD_FONTS("girard.postcard.fonts",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf,/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            Validators.NOT_BLANK, false,
            "TrueType fonts (.ttf) embedded in postcards, comma-separated, in fallback order: each character is drawn with the first font that has it. Include one with Chinese characters (Debian: fonts-droid-fallback)."),
    POSTCARD_HOME_COUNTRY("girard.postcard.home.country", "", Validators.REGION_OR_EMPTY, false,
            "ISO 3166 code of the country cards are posted in: addresses there get no country line. Empty: every address ends with its country."),
    CAP_MAX_CONTACTS("girard.cap.max.contacts", "4", Validators.positiveInt(1, 1000), false,
            "Frequency cap: contacts a customer gets at most per window, over all campaigns and channels."),
    CAP_WINDOW_DAYS("girard.cap.window.days", "30", Validators.positiveInt(1, 365), false,
            "Frequency cap: the rolling window, in days."),
    SCHEDULER_THREADS("girard.scheduler.threads", "4", Validators.positiveInt(1, 64), false,
            "Threads that run campaign triggers."),
    SCHEDULER_MISFIRE_MS("girard.scheduler.misfire.threshold.ms", "60000", Validators.positiveInt(1000, 86_400_000), false,
            "A trigger later than this (e.g. missed while the server was down) counts as missed and fires once at once."),
    IMPORT_BATCH_SIZE("girard.import.batch.size", "10000", Validators.positiveInt(1, 100_000), false,
            "CSV imports and stats rebuilds write this many rows per transaction (short transactions keep the scheduler and senders going; larger ones write less to disk)."),
    IMPORT_FALLBACK_ENCODING("girard.import.encoding.fallback", "GB18030", Validators.CHARSET, false,
            "Encoding of CSV files that have no byte-order mark and are not UTF-8 (GB18030 also reads GBK, Chinese Excel's default)."),
    IMPORT_COLUMNS("girard.import.columns", "", Validators.COLUMN_ALIASES, false,
            "More header names for import fields, e.g. email=Mail Address|电邮; phone=Handy (field=name|name; ...). The built-in names stay."),
    STATS_CRON("girard.stats.cron", "0 30 2 * * ?", Validators.CRON, false,
            "When the customer stats are rebuilt from all purchases (Quartz cron, in girard.timezone; default 02:30 every night)."),
    NODE_ID("girard.node.id", "", Validators.NODE_ID_OR_EMPTY, false,
            "This server's name among the nodes sharing one PostgreSQL database (letters, digits, . _ -). Empty: host name and process id."),
    CLUSTER_CHECKIN_MS("girard.cluster.checkin.interval.ms", "5000", Validators.positiveInt(1000, 600_000), false,
            "PostgreSQL only: how often each node records that it is alive. A node silent for this long plus 7.5 s counts as dead: another node takes over its triggers and sends its unsent messages."),
    SESSION_HOURS("girard.session.hours", "12", Validators.positiveInt(1, 24 * 90), false,
            "How long a sign-in to the admin page lasts."),
    SESSION_COOKIE_SECURE("girard.session.cookie.secure", "auto", Validators.oneOf("auto", "true", "false"), false,
            "Mark the session cookie Secure (sent over HTTPS only): auto does when girard.base.url starts with https://."),
    LOGIN_MAX_FAILURES("girard.login.max.failures", "10", Validators.positiveInt(1, 1000), false,
            "Failed sign-ins for one account, or from one address, within the window, after which further tries get 429."),
    LOGIN_WINDOW_SECONDS("girard.login.window.seconds", "60", Validators.positiveInt(1, 86_400), false,
            "The window over which failed sign-ins are counted, in seconds.");

    private static final Map<String, ConfigKey> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ConfigKey::key, Function.identity()));

    private final String key;
    private final String defaultValue;
    private final Validators.Validator validator;
    private final boolean secret;
    private final String description;

    ConfigKey(String key, String defaultValue, Validators.Validator validator, boolean secret, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.validator = validator;
        this.secret = secret;
        this.description = description;
    }

    public String key() { return key; }
    public String defaultValue() { return defaultValue; }
    public boolean secret() { return secret; }
    public String description() { return description; }
    Validators.Validator validator() { return validator; }

    /** The environment variable that overrides this key: girard.smtp.host becomes GIRARD_SMTP_HOST. */
    public String environmentVariable() {
        return key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    public static Optional<ConfigKey> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
