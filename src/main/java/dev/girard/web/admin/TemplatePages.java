package dev.girard.web.admin;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.girard.core.ConflictException;
import dev.girard.core.InvalidInputException;
import dev.girard.customer.Customer;
import dev.girard.render.MessageModel;
import dev.girard.render.RenderedEmail;
import dev.girard.render.StoredTemplates;
import dev.girard.render.TemplateEngine;
import dev.girard.render.TemplateProblem;
import io.javalin.http.Context;

/**
 * Templates of every channel that has them (e-mail, SMS): the list, the editor with a live preview for a
 * chosen customer, save (refused with the line and column of an error), version history with a diff, and
 * restore.
 */
final class TemplatePages {
    private static final List<String> KINDS = List.of("email", "sms");

    private final AdminServices s;
    private final PageRenderer pages;

    TemplatePages(AdminServices services, PageRenderer pages) {
        this.s = services;
        this.pages = pages;
    }

    void list(Context ctx) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String kind : KINDS) {
            for (String name : names(kind)) {
                rows.add(Forms.model("name", name, "channel", kind, "version", s.storedTemplates().currentVersion(kind, name)));
            }
        }
        pages.render(ctx, "templates", Forms.model("templates", rows, "done", ctx.queryParam("done")));
    }

    private List<String> names(String kind) {
        return kind.equals("sms") ? s.templates().smsTemplates() : s.templates().emailTemplates();
    }

    void edit(Context ctx) {
        String channel = channel(ctx);
        String name = name(ctx);
        Map<String, String> files = s.templates().templateFiles(channel, name);
        if (files.isEmpty()) {
            throw new dev.girard.core.NotFoundException("No " + channel + " template " + name);
        }
        editor(ctx, 200, channel, name, files, s.storedTemplates().currentVersion(channel, name), null, false);
    }

    private void editor(Context ctx, int status, String channel, String name, Map<String, String> files, int version,
            TemplateProblem problem, boolean conflict) {
        ctx.status(status);
        List<Customer> customers = new ArrayList<>(s.customers().search("", 20, 0));
        // a customer picked elsewhere (the campaign's audience) comes first in the list
        Customer chosen = null;
        String wanted = ctx.queryParam("customer");
        if (wanted != null && wanted.matches("\\d{1,18}")) {
            chosen = s.customers().find(Long.parseLong(wanted)).orElse(null);
            if (chosen != null) {
                long id = chosen.id();
                customers.removeIf(c -> c.id() == id);
                customers.add(0, chosen);
            }
        }
        boolean postcard = channel.equals("email") && s.templates().postcardTemplateExists(name);
        pages.render(ctx, "template-edit", Forms.model("postcard", postcard, "chosen", chosen, "name", name, "channel", channel, "files", files,
                "version", version, "problem", problem, "conflict", conflict, "customers", customers,
                "done", ctx.queryParam("done")));
    }

    /** Renders the files in the editor (not saved) for the chosen customer: the live preview. */
    void preview(Context ctx) {
        String channel = channel(ctx);
        String name = name(ctx);
        Map<String, String> files = files(ctx);
        String customerRaw = Forms.text(ctx, "customer");
        try {
            Customer customer = customerRaw.isEmpty() ? firstCustomer() : s.customers().get(Long.parseLong(customerRaw));
            if (customer == null) {
                pages.render(ctx, "fragment-preview", Forms.model("error", "no customers yet: import some first"));
                return;
            }
            int month = Forms.integer(ctx, "month", new ArrayList<>()) == null ? 0 : Forms.integer(ctx, "month", new ArrayList<>());
            if (channel.equals("sms")) {
                String text = s.templates().renderSmsDraft(name, files, model(customer, month));
                pages.render(ctx, "fragment-preview", Forms.model("sms", s.sms().previewRendered(text, customer.isChinese()),
                        "customer", customer));
                return;
            }
            RenderedEmail email = s.templates().renderEmailDraft(name, files, model(customer, month));
            pages.render(ctx, "fragment-preview", Forms.model("email", email, "customer", customer));
        } catch (TemplateProblem e) {
            pages.render(ctx, "fragment-preview", Forms.model("problem", e));
        } catch (NumberFormatException e) {
            pages.render(ctx, "fragment-preview", Forms.model("error", "customer must be a number"));
        }
    }

    private Map<String, Object> model(Customer customer, int month) {
        ZoneId zone = customer.timeZone() == null ? s.defaultZone() : ZoneId.of(customer.timeZone());
        var when = java.time.ZonedDateTime.now(s.clock().withZone(zone));
        if (month >= 1 && month <= 12) {
            when = when.withDayOfMonth(1).withMonth(month);
        }
        return MessageModel.of(customer, "Preview", String.format("%d-%02d", when.getYear(), when.getMonthValue()), when,
                s.sender(), "");
    }

    /**
     * The postcard version of a template for a customer, as the print shop gets it: the PDF page pair (front, then
     * back), or ({@code ?format=png}) both pages side by side as one picture for the page.
     */
    void postcardPreview(Context ctx) {
        String name = ctx.pathParam("name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}") || !s.templates().postcardTemplateExists(name)) {
            throw new dev.girard.core.NotFoundException("No postcard template " + name);
        }
        String customerRaw = ctx.queryParam("customer");
        Customer customer = customerRaw == null || customerRaw.isBlank() ? firstCustomer()
                : s.customers().get(Forms.pathIdValue("customer", customerRaw));
        if (customer == null) {
            throw new dev.girard.core.NotFoundException("No customers yet: import some first");
        }
        int month = Forms.queryInt(ctx, "month", 0, 0, 12);
        byte[] pdf = s.postcards().preview(name, model(customer, month));
        if ("png".equals(ctx.queryParam("format"))) {
            ctx.contentType("image/png").result(PostcardImage.sideBySide(pdf));
        } else {
            ctx.contentType("application/pdf").header("Content-Disposition", "inline; filename=\"" + name + "-"
                    + customer.id() + ".pdf\"").result(pdf);
        }
    }

    private Customer firstCustomer() {
        List<Customer> first = s.customers().search("", 1, 0);
        return first.isEmpty() ? null : first.get(0);
    }

    /** Saves the editor's files as a new version, unless a file does not parse or render. */
    void save(Context ctx) {
        String channel = channel(ctx);
        String name = name(ctx);
        Map<String, String> files = files(ctx);
        int base = Forms.integer(ctx, "version", new ArrayList<>()) == null ? 0 : Forms.integer(ctx, "version", new ArrayList<>());
        try {
            check(channel, name, files);
            int before = s.storedTemplates().currentVersion(channel, name);
            int version = s.storedTemplates().save(channel, name, base, files, Forms.text(ctx, "note"), Forms.user(ctx).name());
            s.templates().templateChanged();
            s.audit().record(Forms.user(ctx).name(), "save", "template", channel + "/" + name,
                    before == 0 ? null : Map.of("version", before), Map.of("version", version, "files", files));
            Forms.seeOther(ctx, "/admin/templates/" + channel + "/" + name, "saved");
        } catch (TemplateProblem e) {
            editor(ctx, 422, channel, name, files, base, e, false);
        } catch (ConflictException e) {
            editor(ctx, 409, channel, name, files, base, null, true);
        }
    }

    /** Parses every file, then renders for the first customer, so a template that cannot go out is not saved. */
    private void check(String channel, String name, Map<String, String> files) {
        s.templates().checkDraft(channel, name, files);
        Customer customer = firstCustomer();
        if (customer != null) {
            if (channel.equals("sms")) {
                s.templates().renderSmsDraft(name, files, model(customer, 0));
            } else {
                s.templates().renderEmailDraft(name, files, model(customer, 0));
            }
        }
    }

    /** A new template, copied from an existing one. */
    void create(Context ctx) {
        String name = Forms.text(ctx, "name");
        String from = Forms.text(ctx, "from");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}")) {
            throw new InvalidInputException("name", name, "must be 1-100 letters, digits, - or _, starting with a letter or digit");
        }
        String[] source = from.split("/", 2);
        if (source.length != 2 || !KINDS.contains(source[0])) {
            throw new InvalidInputException("from", from, "is not a template (CHANNEL/NAME)");
        }
        String channel = source[0];
        if (names(channel).contains(name)) {
            throw new InvalidInputException("name", name, "is taken: open that template to edit it");
        }
        Map<String, String> files = s.templates().templateFiles(channel, source[1]);
        if (files.isEmpty()) {
            throw new InvalidInputException("from", from, "is not a template");
        }
        s.storedTemplates().save(channel, name, 0, files, "copied from " + source[1], Forms.user(ctx).name());
        s.templates().templateChanged();
        s.audit().record(Forms.user(ctx).name(), "create", "template", channel + "/" + name, null,
                Map.of("version", 1, "copiedFrom", from));
        Forms.seeOther(ctx, "/admin/templates/" + channel + "/" + name, "created");
    }

    /** Version history; {@code ?version=N} shows what version N changed against the version before it. */
    void versions(Context ctx) {
        String channel = channel(ctx);
        String name = name(ctx);
        List<StoredTemplates.Version> versions = s.storedTemplates().versions(channel, name);
        int shown = Forms.queryInt(ctx, "version", versions.isEmpty() ? 0 : versions.get(0).version(), 0, Integer.MAX_VALUE);
        List<Map<String, Object>> diffs = new ArrayList<>();
        if (shown > 0 && !versions.isEmpty()) {
            Map<String, String> after = s.storedTemplates().version(channel, name, shown);
            Map<String, String> before = shown > 1 ? s.storedTemplates().version(channel, name, shown - 1) : Map.of();
            TreeSet<String> fileNames = new TreeSet<>(after.keySet());
            fileNames.addAll(before.keySet());
            for (String file : fileNames) {
                List<LineDiff.Line> lines = LineDiff.diff(before.getOrDefault(file, ""), after.getOrDefault(file, ""));
                if (lines.stream().anyMatch(l -> l.kind() != LineDiff.Kind.SAME)) {
                    diffs.add(Forms.model("file", file, "lines", LineDiff.context(lines, 3)));
                }
            }
        }
        pages.render(ctx, "template-versions", Forms.model("name", name, "channel", channel, "versions", versions,
                "shown", shown, "diffs", diffs, "current", versions.isEmpty() ? 0 : versions.get(0).version()));
    }

    /** Restores an old version by saving its files as the newest version. */
    void restore(Context ctx) {
        String channel = channel(ctx);
        String name = name(ctx);
        int version = Forms.integer(ctx, "restore", new ArrayList<>()) == null ? 0 : Forms.integer(ctx, "restore", new ArrayList<>());
        Map<String, String> files = s.storedTemplates().version(channel, name, version);
        int current = s.storedTemplates().currentVersion(channel, name);
        check(channel, name, files);
        int saved = s.storedTemplates().save(channel, name, current, files, "restored version " + version, Forms.user(ctx).name());
        s.templates().templateChanged();
        s.audit().record(Forms.user(ctx).name(), "restore", "template", channel + "/" + name, Map.of("version", current),
                Map.of("version", saved, "restoredFrom", version));
        Forms.seeOther(ctx, "/admin/templates/" + channel + "/" + name, "restored");
    }

    private static String channel(Context ctx) {
        String channel = ctx.pathParam("channel");
        if (!KINDS.contains(channel)) {
            throw new dev.girard.core.NotFoundException("No templates for a channel " + channel + "; there are: "
                    + String.join(", ", KINDS));
        }
        return channel;
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}")) {
            throw new InvalidInputException("name", name, "is not a template name");
        }
        return name;
    }

    /** The editor's files: form fields named file:NAME. */
    private static Map<String, String> files(Context ctx) {
        Map<String, String> files = new LinkedHashMap<>();
        ctx.formParamMap().forEach((key, values) -> {
            if (key.startsWith("file:") && !values.isEmpty()) {
                String file = key.substring(5);
                if (!TemplateEngine.validFileName(file)) {
                    throw new InvalidInputException("file", file, "is not a template file name (NAME.ftl or NAME.ftlh)");
                }
                files.put(file, values.get(0).replace("\r\n", "\n"));
            }
        });
        return files;
    }
}
