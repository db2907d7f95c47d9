package dev.girard.segment;

import org.jdbi.v3.core.Jdbi;

import dev.girard.db.Dialect;

/** What SQL segments share: the database, its dialect, the filter compiler and the paged query runner. */
record SegmentSql(Jdbi jdbi, Dialect dialect, FilterCompiler compiler, SegmentQuery query) {
    static SegmentSql of(Jdbi jdbi, Dialect dialect, int pageSize) {
        return new SegmentSql(jdbi, dialect, new FilterCompiler(dialect), new SegmentQuery(jdbi, pageSize));
    }
}
