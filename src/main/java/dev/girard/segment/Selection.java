package dev.girard.segment;

import java.util.List;
import java.util.Map;

/**
 * What one segment run reads: a condition over {@code customers c} (left-joined with
 * {@code customer_stats s}, and joined with {@code purchases p} when one member is one purchase), its bound
 * parameters, and the extra columns its occurrence keys and previews need.
 *
 * @param perPurchase true when each matching purchase is a member (paged by purchase id), else each customer
 * @param condition SQL written by Girard, with placeholders for every supplied value
 * @param columns extra values to read per row
 */
record Selection(boolean perPurchase, String condition, Map<String, Object> params, List<Column> columns) {
    /**
     * One extra value per row.
     *
     * @param evidence true for values shown in a preview only (not read when planning a run)
     */
    record Column(String label, String sql, boolean evidence) {
        static Column key(String label, String sql) {
            return new Column(label, sql, false);
        }

        static Column shown(String label, String sql) {
            return new Column(label, sql, true);
        }
    }
}
