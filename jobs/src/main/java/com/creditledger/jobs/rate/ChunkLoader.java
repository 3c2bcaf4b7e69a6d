package com.creditledger.jobs.rate;

import com.creditledger.jobs.catalog.CatalogRepository;
import com.creditledger.jobs.system.Sql;
import com.creditledger.rating.Account;
import com.creditledger.rating.PurchaseEvent;
import com.creditledger.rating.TimelineEvent;
import com.creditledger.rating.catalog.Workspace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rate step's reader: what a chunk's timelines need, read on the chunk's transaction. The
 * requests come from the partition's {@link RequestCursor}; this adds the workspaces, their stored
 * accounts and the purchases processed in the run's window.
 */
final class ChunkLoader {

    /**
     * A chunk's inputs: its workspaces in order, their terms, stored accounts (absent: never
     * rated) and events, and the requests of workspaces nobody loaded.
     */
    record Input(
            List<String> ids,
            Map<String, Workspace> workspaces,
            Map<String, Account> accounts,
            Map<String, List<TimelineEvent>> events,
            List<RequestCursor.Unknown> unknown) {}

    private final JdbcTemplate jdbc;
    private final CatalogRepository catalog;
    private final AccountRepository accounts;
    /** The run's window: [from, through). */
    private final Instant from;

    private final Instant through;

    ChunkLoader(
            JdbcTemplate jdbc, CatalogRepository catalog, AccountRepository accounts, Instant from, Instant through) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.accounts = accounts;
        this.from = from;
        this.through = through;
    }

    Input load(RequestCursor.Chunk chunk) {
        String[] ids = chunk.workspaces().toArray(String[]::new);
        Map<String, List<TimelineEvent>> events = chunk.events();
        loadPurchases(ids, events);
        return new Input(chunk.workspaces(), catalog.workspaces(ids), accounts.load(ids), events, chunk.unknown());
    }

    /**
     * The same chunk without {@code workspaceId}, with its accounts read again: a failed fold left
     * the loaded ones half-processed.
     */
    Input without(Input input, String workspaceId) {
        List<String> ids =
                input.ids().stream().filter(id -> !id.equals(workspaceId)).toList();
        Map<String, Account> reloaded = ids.isEmpty() ? Map.of() : accounts.load(ids.toArray(String[]::new));
        return new Input(ids, input.workspaces(), reloaded, input.events(), input.unknown());
    }

    /** The file and line a request or a purchase came from, as {@code hostile.csv line 2007}. */
    String origin(String table, String idColumn, String id) {
        String sql = table.equals("request")
                ? "SELECT f.source, r.line FROM request r JOIN ingested_file f USING (file_id) WHERE r.request_id = ?"
                : "SELECT source, line FROM purchase WHERE purchase_id = ?";
        List<String> found = jdbc.query(sql, (rs, n) -> rs.getString(1) + " line " + rs.getLong(2), id);
        return found.isEmpty() ? "no " + table + " row has " + idColumn + " " + id : found.get(0);
    }

    private void loadPurchases(String[] ids, Map<String, List<TimelineEvent>> events) {
        jdbc.query(
                """
                SELECT purchase_id, workspace_id, purchased_at, purchased_at_ns, process_at, process_at_ns, pack_id
                FROM purchase WHERE workspace_id = ANY (?)
                  AND (process_at, process_at_ns) >= (?, ?) AND (process_at, process_at_ns) < (?, ?)
                """,
                rs -> {
                    events.get(rs.getString("workspace_id"))
                            .add(new PurchaseEvent(
                                    rs.getString("purchase_id"),
                                    Sql.exact(rs, "purchased_at"),
                                    Sql.exact(rs, "process_at"),
                                    rs.getString("pack_id")));
                },
                ids,
                Sql.utc(from),
                Sql.nanos(from),
                Sql.utc(through),
                Sql.nanos(through));
    }
}
