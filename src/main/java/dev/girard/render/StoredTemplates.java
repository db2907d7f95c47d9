package dev.girard.render;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import dev.girard.core.ConflictException;
import dev.girard.core.Json;
import dev.girard.core.NotFoundException;
import freemarker.cache.TemplateLoader;

/**
 * Templates edited in the admin page, kept in the database so every node sees the same ones, with every
 * version for history and restore. A template is a folder of files (subject.ftl, html.ftlh, text.ftl and any
 * file they include); saving stores all of them as one new version, optimistic-locked on the version read.
 * As a FreeMarker {@link TemplateLoader} it stands in front of the template folder and the built-ins: a name
 * {@code CHANNEL/NAME/FILE} is served from the current version when it has that file.
 */
public final class StoredTemplates implements TemplateLoader {
    private final Jdbi jdbi;
    private final Clock clock;

    /** One saved version: its number, when and by whom, and an optional note (e.g. "restored version 2"). */
    public record Version(int version, Instant createdAt, String createdBy, String note) {
    }

    public StoredTemplates(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The current version number, or 0 when the template was never saved here. */
    public int currentVersion(String channel, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM templates WHERE channel = :channel AND name = :name")
                .bind("channel", channel).bind("name", name).mapTo(Integer.class).findOne().orElse(0));
    }

    /** The files of the current version, if the template was saved here. */
    public Optional<Map<String, String>> current(String channel, String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT v.files FROM templates t JOIN template_versions v ON v.template_id = t.id AND v.version = t.version
                WHERE t.channel = :channel AND t.name = :name""")
                .bind("channel", channel).bind("name", name).mapTo(String.class).findOne().map(StoredTemplates::files));
    }

    /** The files of one version. */
    public Map<String, String> version(String channel, String name, int version) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT v.files FROM templates t JOIN template_versions v ON v.template_id = t.id
                WHERE t.channel = :channel AND t.name = :name AND v.version = :version""")
                .bind("channel", channel).bind("name", name).bind("version", version).mapTo(String.class).findOne()
                .map(StoredTemplates::files)
                .orElseThrow(() -> new NotFoundException("Template " + channel + "/" + name + " has no version " + version)));
    }

    /** Newest first. */
    public List<Version> versions(String channel, String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT v.version, v.created_at, v.created_by, v.note FROM templates t
                JOIN template_versions v ON v.template_id = t.id
                WHERE t.channel = :channel AND t.name = :name ORDER BY v.version DESC""")
                .bind("channel", channel).bind("name", name)
                .map((rs, ctx) -> new Version(rs.getInt("version"), Instant.ofEpochMilli(rs.getLong("created_at")),
                        rs.getString("created_by"), rs.getString("note")))
                .list());
    }

    /** Names of the templates saved here for a channel. */
    public List<String> names(String channel) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM templates WHERE channel = :channel ORDER BY name")
                .bind("channel", channel).mapTo(String.class).list());
    }

    /**
     * Saves the files as a new version.
     *
     * @param baseVersion the version the editor started from (0 for a template not saved here before)
     * @return the new version number
     * @throws ConflictException when someone saved another version since {@code baseVersion}
     */
    public int save(String channel, String name, int baseVersion, Map<String, String> files, String note, String user) {
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            Optional<Long> id = templateId(h, channel, name);
            int current = id.isEmpty() ? 0 : h.createQuery("SELECT version FROM templates WHERE id = :id")
                    .bind("id", id.get()).mapTo(Integer.class).one();
            if (current != baseVersion) {
                throw new ConflictException("Template " + channel + "/" + name + " was saved by someone else (now version "
                        + current + ", you edited version " + baseVersion + "); reload it and apply your change again");
            }
            int next = current + 1;
            long templateId;
            if (id.isEmpty()) {
                templateId = h.createUpdate("""
                        INSERT INTO templates (channel, name, version, updated_at, updated_by)
                        VALUES (:channel, :name, 1, :now, :user)""")
                        .bind("channel", channel).bind("name", name).bind("now", now).bind("user", user)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            } else {
                templateId = id.get();
                int rows = h.createUpdate("""
                        UPDATE templates SET version = :next, updated_at = :now, updated_by = :user
                        WHERE id = :id AND version = :current""")
                        .bind("next", next).bind("now", now).bind("user", user).bind("id", templateId)
                        .bind("current", current).execute();
                if (rows == 0) {
                    throw new ConflictException("Template " + channel + "/" + name + " was saved by someone else meanwhile; "
                            + "reload it and apply your change again");
                }
            }
            h.createUpdate("""
                    INSERT INTO template_versions (template_id, version, files, note, created_at, created_by)
                    VALUES (:template, :version, :files, :note, :now, :user)""")
                    .bind("template", templateId).bind("version", next).bind("files", Json.write(new TreeMap<>(files)))
                    .bind("note", note).bind("now", now).bind("user", user).execute();
            return next;
        });
    }

    private static Optional<Long> templateId(Handle h, String channel, String name) {
        return h.createQuery("SELECT id FROM templates WHERE channel = :channel AND name = :name")
                .bind("channel", channel).bind("name", name).mapTo(Long.class).findOne();
    }

    private static Map<String, String> files(String json) {
        Map<String, String> files = new LinkedHashMap<>();
        Json.readObject(json, "files").forEach((k, v) -> files.put(k, v == null ? "" : v.toString()));
        return files;
    }

    // --- FreeMarker TemplateLoader: CHANNEL/NAME/FILE from the current version ---

    /** One file of one version; the version row id changes with every save, so FreeMarker reloads. */
    private record Source(String path, long versionRowId, String content) {
    }

    @Override
    public Object findTemplateSource(String path) {
        String[] parts = path.split("/");
        if (parts.length != 3) {
            return null;
        }
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT v.id, v.files FROM templates t JOIN template_versions v ON v.template_id = t.id AND v.version = t.version
                WHERE t.channel = :channel AND t.name = :name""")
                .bind("channel", parts[0]).bind("name", parts[1])
                .map((rs, ctx) -> {
                    String content = files(rs.getString("files")).get(parts[2]);
                    return content == null ? null : new Source(path, rs.getLong("id"), content);
                })
                .findOne().orElse(null));
    }

    @Override
    public long getLastModified(Object source) {
        return ((Source) source).versionRowId();
    }

    @Override
    public Reader getReader(Object source, String encoding) throws IOException {
        return new StringReader(((Source) source).content());
    }

    @Override
    public void closeTemplateSource(Object source) {
        // nothing held open
    }
}
