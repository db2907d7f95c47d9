package dev.girard.web.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.girard.campaign.Campaign;
import dev.girard.report.CampaignReport;
import dev.girard.report.HoldoutComparison;
import dev.girard.report.Interval;
import io.javalin.http.Context;

/** Reports: per campaign, contacts, cost and the purchases after contact against the holdout; CSV export. */
final class ReportPages {
    private final AdminServices s;
    private final PageRenderer pages;

    ReportPages(AdminServices services, PageRenderer pages) {
        this.s = services;
        this.pages = pages;
    }

    void list(Context ctx) {
        List<CampaignReport> reports = new ArrayList<>();
        for (Campaign c : s.campaigns().list()) {
            reports.add(s.reports().campaign(c));
        }
        pages.render(ctx, "reports", Forms.model("reports", reports));
    }

    void show(Context ctx) {
        Campaign c = s.campaigns().get(Forms.pathId(ctx, "id"));
        pages.render(ctx, "report", Forms.model("r", s.reports().campaign(c), "c", c));
    }

    /** One row per campaign, or only the one asked for: the figures of the report page, for a spreadsheet. */
    void csv(Context ctx) {
        Campaign c = s.campaigns().get(Forms.pathId(ctx, "id"));
        CampaignReport r = s.reports().campaign(c);
        HoldoutComparison h = r.comparison();
        StringBuilder out = new StringBuilder();
        out.append("campaign_id,campaign,segment,channel,window_days,sent,failed,held_out,cost,currencies,"
                + "contacted_converted,contacted_conversion,contacted_revenue,contacted_revenue_per_customer,"
                + "holdout_converted,holdout_conversion,holdout_revenue,holdout_revenue_per_customer,"
                + "conversion_difference,conversion_difference_low,conversion_difference_high,"
                + "lift,lift_low,lift_high,revenue_per_customer_difference,revenue_difference_low,revenue_difference_high\r\n");
        row(out, r.campaignId(), r.campaignName(), r.segment(), r.channel(), r.window().toDays(), r.sent(), r.failed(),
                r.heldOut(), decimal(r.costMicros() / 1_000_000.0, 4), String.join(" ", r.currencies()),
                h.contacted().converted(), decimal(h.contacted().conversionRate(), 4),
                decimal(h.contacted().revenueCents() / 100.0, 2), decimal(h.contacted().revenuePerContactCents() / 100.0, 2),
                h.heldOut().converted(), decimal(h.heldOut().conversionRate(), 4),
                decimal(h.heldOut().revenueCents() / 100.0, 2), decimal(h.heldOut().revenuePerContactCents() / 100.0, 2),
                est(h.conversionDifference(), 1), low(h.conversionDifference(), 1), high(h.conversionDifference(), 1),
                est(h.lift(), 1), low(h.lift(), 1), high(h.lift(), 1),
                est(h.revenuePerCustomerDifferenceCents(), 100), low(h.revenuePerCustomerDifferenceCents(), 100),
                high(h.revenuePerCustomerDifferenceCents(), 100));
        ctx.header("Content-Disposition", "attachment; filename=\"campaign-" + c.id() + "-report.csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(out.toString());
    }

    private static String est(Interval i, double unit) {
        return i.defined() ? decimal(i.estimate() / unit, 4) : "";
    }

    private static String low(Interval i, double unit) {
        return i.defined() ? decimal(i.low() / unit, 4) : "";
    }

    private static String high(Interval i, double unit) {
        return i.defined() ? decimal(i.high() / unit, 4) : "";
    }

    private static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String v = String.valueOf(values[i]);
            // quoted when needed; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula
            if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
                v = "'" + v;
            }
            if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
                v = "\"" + v.replace("\"", "\"\"") + "\"";
            }
            out.append(v);
        }
        out.append("\r\n");
    }
}
