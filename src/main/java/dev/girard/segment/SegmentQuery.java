package dev.girard.segment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

import dev.girard.customer.CustomerStore;

/**
 * Runs a {@link Selection}: counts it, or walks it in key order a page at a time (keyset paging on the
 * customer's or the purchase's id), so no audience sits in memory whole and no read transaction stays
 * open while the caller writes the outbox.
 */
final class SegmentQuery {
    private static final String FROM = " FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id";
    private static final String JOIN_PURCHASES = " JOIN purchases p ON p.customer_id = c.id";

    private final Jdbi jdbi;
    private final int pageSize;

    SegmentQuery(Jdbi jdbi, int pageSize) {
        this.jdbi = jdbi;
        this.pageSize = pageSize;
    }

    /** How many rows match. */
    long count(Selection selection) {
        String sql = "SELECT COUNT(*)" + FROM + (selection.perPurchase() ? JOIN_PURCHASES : "")
                + " WHERE " + selection.condition();
        return jdbi.withHandle(h -> {
            var query = h.createQuery(sql);
            // evidence columns may bind values the condition does not use
            query.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
            selection.params().forEach(query::bind);
            return query.mapTo(Long.class).one();
        });
    }

    /**
     * Walks the matching rows in key order.
     *
     * @param withEvidence also read the columns shown in previews
     * @param limit stop after this many rows (0 = all)
     */
    void forEach(Selection selection, boolean withEvidence, long limit, Consumer<Row> action) {
        List<Selection.Column> columns = selection.columns().stream()
                .filter(c -> withEvidence || !c.evidence()).toList();
        StringBuilder select = new StringBuilder("SELECT ").append(CustomerStore.columns("c"));
        String keyColumn = selection.perPurchase() ? "p.id" : "c.id";
        select.append(", ").append(keyColumn).append(" AS page_key");
        for (int i = 0; i < columns.size(); i++) {
            select.append(", ").append(columns.get(i).sql()).append(" AS v").append(i);
        }
        String sql = select + FROM + (selection.perPurchase() ? JOIN_PURCHASES : "")
                + " WHERE " + keyColumn + " > :pageAfter AND (" + selection.condition() + ") ORDER BY " + keyColumn
                + " LIMIT :pageLimit";
        long after = 0;
        long seen = 0;
        while (true) {
            long from = after;
            int size = limit > 0 ? (int) Math.min(pageSize, limit - seen) : pageSize;
            List<Paged> page = jdbi.withHandle(h -> {
                var query = h.createQuery(sql);
                query.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
                selection.params().forEach(query::bind);
                return query.bind("pageAfter", from).bind("pageLimit", size)
                        .map((rs, ctx) -> read(rs, columns)).list();
            });
            for (Paged row : page) {
                action.accept(row.row());
            }
            seen += page.size();
            if (page.size() < size || (limit > 0 && seen >= limit)) {
                return;
            }
            after = page.get(page.size() - 1).key();
        }
    }

    private record Paged(long key, Row row) {
    }

    private static Paged read(ResultSet rs, List<Selection.Column> columns) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i).label(), rs.getObject("v" + i));
        }
        return new Paged(rs.getLong("page_key"), new Row(CustomerStore.map(rs), values));
    }

    static List<Selection.Column> evidenceColumns(List<FilterCompiler.Evidence> evidence) {
        List<Selection.Column> out = new ArrayList<>();
        evidence.forEach(e -> out.add(Selection.Column.shown(e.label(), e.sql())));
        return out;
    }
}
