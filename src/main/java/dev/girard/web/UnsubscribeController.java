package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.util.Locale;
import java.util.Optional;

import dev.girard.channel.email.Unsubscribes;
import dev.girard.customer.Customer;
import io.javalin.http.Context;

/**
 * The unsubscribe link, public and without login: {@code GET /u/{token}} shows a page with a confirm button
 * (mail scanners open links, and that must not unsubscribe anyone); {@code POST /u/{token}} unsubscribes at
 * once, which is also what a mail program's one-click unsubscribe sends (RFC 8058). Pages are in the
 * customer's language (Chinese or English).
 */
public final class UnsubscribeController {
    private final Unsubscribes unsubscribes;
    private final String businessName;

    public UnsubscribeController(Unsubscribes unsubscribes, String businessName) {
        this.unsubscribes = unsubscribes;
        this.businessName = businessName;
    }

    void routes() {
        get("/u/{token}", ctx -> {
            Optional<Unsubscribes.Target> target = unsubscribes.look(ctx.pathParam("token"));
            if (target.isEmpty()) {
                invalid(ctx);
            } else if (target.get().unsubscribed()) {
                done(ctx, target.get());
            } else {
                confirm(ctx, target.get());
            }
        });
        post("/u/{token}", ctx -> {
            Optional<Unsubscribes.Target> target = unsubscribes.unsubscribe(ctx.pathParam("token"));
            if (target.isEmpty()) {
                invalid(ctx);
            } else {
                done(ctx, target.get());
            }
        });
    }

    private void confirm(Context ctx, Unsubscribes.Target target) {
        boolean zh = chinese(ctx, target);
        String address = masked(target);
        page(ctx, 200, zh, zh ? "退订邮件" : "Unsubscribe",
                "<p>" + (zh ? "不再接收" + escape(businessName) + "发往 " + address + " 的邮件？"
                        : "Stop e-mails from " + escape(businessName) + " to " + address + "?") + "</p>"
                        + "<form method=\"post\"><button type=\"submit\" style=\"font-size:1.1em;padding:.5em 1.5em\">"
                        + (zh ? "确认退订" : "Unsubscribe") + "</button></form>");
    }

    private void done(Context ctx, Unsubscribes.Target target) {
        boolean zh = chinese(ctx, target);
        String address = masked(target);
        page(ctx, 200, zh, zh ? "已退订" : "Unsubscribed",
                "<p>" + (zh ? "您已退订：" + escape(businessName) + "不会再向 " + address + " 发送邮件。"
                        : "You are unsubscribed: " + escape(businessName) + " sends no more e-mails to " + address + ".")
                        + "</p>");
    }

    private void invalid(Context ctx) {
        boolean zh = acceptsChinese(ctx);
        page(ctx, 400, zh, zh ? "退订链接无效" : "This unsubscribe link is not valid",
                "<p>" + (zh ? "这个链接不完整或被改动过。请从邮件中重新打开退订链接，或直接回复邮件告诉我们。"
                        : "The link was cut short or changed. Open the unsubscribe link in the e-mail again, "
                                + "or reply to the e-mail and ask us to stop.") + "</p>");
    }

    private void page(Context ctx, int status, boolean zh, String title, String body) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Robots-Tag", "noindex");
        ctx.html("<!DOCTYPE html><html lang=\"" + (zh ? "zh-CN" : "en") + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + "</title></head>"
                + "<body style=\"font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em;line-height:1.6\">"
                + "<h1 style=\"font-size:1.4em\">" + title + "</h1>" + body
                + "<p style=\"color:#666;font-size:.9em\">" + escape(businessName) + "</p></body></html>");
    }

    private static boolean chinese(Context ctx, Unsubscribes.Target target) {
        return target.customer().map(Customer::isChinese).orElseGet(() -> acceptsChinese(ctx));
    }

    private static boolean acceptsChinese(Context ctx) {
        String languages = ctx.header("Accept-Language");
        return languages != null && languages.strip().toLowerCase(Locale.ROOT).startsWith("zh");
    }

    /** The address with most of its local part hidden: enough to recognise, not to harvest. */
    private static String masked(Unsubscribes.Target target) {
        String email = target.customer().map(Customer::email).orElse(null);
        if (email == null || email.indexOf('@') < 1) {
            return "—";
        }
        int at = email.indexOf('@');
        return escape(email.substring(0, email.offsetByCodePoints(0, 1)) + "•••" + email.substring(at));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
