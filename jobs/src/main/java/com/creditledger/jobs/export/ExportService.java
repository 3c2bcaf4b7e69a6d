package com.creditledger.jobs.export;

import com.creditledger.jobs.ledger.LedgerSql;
import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.Sql;
import com.creditledger.reports.csv.CsvExportWriter;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the machine-readable exports (SPEC §6), streamed from PostgreSQL with a cursor so an
 * export of any size needs constant memory. Every text sort key compares ordinally (COLLATE "C").
 */
@Service
public class ExportService {

    /**
     * The exports and their SQL; each query's columns are the export's columns, in order, except that
     * an exact instant is selected as its two columns ({@code at, at_ns}) and exported as one.
     */
    public enum Export {
        BALANCES("""
                SELECT w.workspace_id, w.plan_id AS plan, coalesce(s.balance, 0) AS balance,
                       coalesce(g.plan_credits, 0) AS plan_credits, coalesce(g.purchased, 0) AS purchased_credits,
                       coalesce(s.debt, 0) AS debt, coalesce(s.consumed, 0) AS consumed,
                       coalesce(s.expired, 0) AS expired, coalesce(s.topups, 0) AS topups,
                       coalesce(s.status, 'NOT_STARTED') AS status, s.status_since, s.status_since_ns
                FROM workspace w LEFT JOIN account_state s USING (workspace_id)
                LEFT JOIN (SELECT workspace_id, sum(remaining) FILTER (WHERE kind = {PLAN}) AS plan_credits,
                                  sum(remaining) FILTER (WHERE kind <> {PLAN}) AS purchased
                           FROM credit_grant WHERE remaining > 0 GROUP BY workspace_id) g USING (workspace_id)
                ORDER BY w.workspace_id COLLATE "C"
                """),
        USAGE("""
                SELECT r.workspace_id, to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
                       coalesce(mp.model, '') AS model, count(*) AS requests, sum(rr.cost) AS credits
                FROM rated_request rr JOIN request r USING (request_id) LEFT JOIN model_price mp ON mp.price_id = rr.price_id
                GROUP BY 1, 2, 3
                ORDER BY r.workspace_id, 2, coalesce(mp.model, '') COLLATE "C"
                """),
        AGENTS("""
                SELECT r.workspace_id, r.agent_id, count(*) AS requests, sum(rr.cost) AS credits
                FROM rated_request rr JOIN request r USING (request_id)
                WHERE r.agent_id IS NOT NULL
                GROUP BY 1, 2 ORDER BY r.workspace_id, r.agent_id
                """),
        AUTOMATION_RUNS("""
                SELECT r.workspace_id, coalesce(r.automation_id, '') AS automation_id,
                       coalesce(r.automation_run_id, '') AS automation_run_id, count(*) AS requests,
                       sum(rr.cost) AS credits
                FROM rated_request rr JOIN request r USING (request_id)
                WHERE r.automation_id IS NOT NULL OR r.automation_run_id IS NOT NULL
                GROUP BY 1, 2, 3
                ORDER BY r.workspace_id, coalesce(r.automation_id, '') COLLATE "C",
                         coalesce(r.automation_run_id, '') COLLATE "C"
                """),
        QUARANTINE("""
                SELECT source, line, request_id, reason FROM quarantine ORDER BY source COLLATE "C", line
                """),
        /**
         * The account status feed for the online gateway. {@code public_message} is what a public
         * agent visitor may be shown: neutral, never about billing, credits or amounts (the product's
         * promise); {@code internal_reason} is for the workspace's own people and support.
         */
        STATUS("""
                SELECT w.workspace_id, coalesce(s.status, 'NOT_STARTED') AS status, s.status_since AS since, s.status_since_ns AS since_ns,
                       CASE coalesce(s.status, 'NOT_STARTED')
                           WHEN 'OUT_OF_CREDITS' THEN 'This assistant is temporarily unavailable. Please try again later.'
                           WHEN 'NOT_STARTED' THEN 'This assistant is not available yet.'
                           ELSE '' END AS public_message,
                       CASE coalesce(s.status, 'NOT_STARTED')
                           WHEN 'ACTIVE' THEN 'balance ' || s.balance || ' credits'
                           WHEN 'GRACE' THEN 'balance ' || s.balance || ' credits, within the plan overdraft of '
                               || p.overdraft_credits
                           WHEN 'OUT_OF_CREDITS' THEN 'out of credits: balance ' || s.balance
                               || CASE WHEN p.overdraft_credits > 0
                                       THEN ', past the plan overdraft of ' || p.overdraft_credits ELSE '' END
                               || CASE WHEN s.topup_suspended THEN '; auto top-up suspended after a declined charge'
                                       WHEN w.auto_topup THEN '; auto top-up on' ELSE '; no auto top-up' END
                           ELSE 'billing cycle starts ' || w.cycle_anchor END AS internal_reason
                FROM workspace w JOIN plan p USING (plan_id) LEFT JOIN account_state s USING (workspace_id)
                ORDER BY w.workspace_id
                """),
        NOTIFICATIONS("""
                SELECT workspace_id, at, at_ns, kind, reason, reference FROM notification
                ORDER BY workspace_id, at, at_ns, reference, kind
                """),
        LEDGER("""
                SELECT t.txn_id, t.workspace_id, t.kind, t.effective_at, t.effective_at_ns, t.run_through,
                       t.run_through_ns, t.reference, p.posting_no, p.account, p.grant_no, p.amount
                FROM ledger_txn t JOIN ledger_posting p USING (txn_id, effective_at)
                ORDER BY t.workspace_id COLLATE "C", t.effective_at, t.effective_at_ns, t.txn_id COLLATE "C",
                         p.posting_no
                """);

        private final String sql;

        Export(String sql) {
            this.sql = LedgerSql.of(sql);
        }

        /** The name on the command line, e.g. {@code automation-runs}. */
        public String commandName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Export fromCommandName(String name) {
            return Arrays.stream(values())
                    .filter(e -> e.commandName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new BillingException("unknown export '" + name + "'; choose one of "
                            + Arrays.stream(values()).map(Export::commandName).toList()));
        }
    }

    private final JdbcTemplate jdbc;

    public ExportService(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(10_000);
    }

    /** Writes the export and returns the number of data rows. */
    @Transactional(readOnly = true)
    public long export(Export export, Path out) {
        return jdbc.query(export.sql, rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> header = new ArrayList<>();
            List<Integer> sources = new ArrayList<>(); // the first result column of each export column
            List<Boolean> exact = new ArrayList<>(); // an instant followed by its nanoseconds column
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String label = meta.getColumnLabel(i);
                boolean instant = meta.getColumnTypeName(i).equals("timestamptz");
                boolean withNanos = instant
                        && i < meta.getColumnCount()
                        && meta.getColumnLabel(i + 1).equals(label + "_ns");
                if (instant && !withNanos) {
                    throw new IllegalStateException("export " + export.commandName() + " selects instant " + label
                            + " without " + label + "_ns: it would lose its nanoseconds");
                }
                header.add(label);
                sources.add(i);
                exact.add(withNanos);
                if (withNanos) {
                    i++;
                }
            }
            try (CsvExportWriter writer = CsvExportWriter.create(out, header.toArray(String[]::new))) {
                Object[] row = new Object[header.size()];
                while (rs.next()) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = exact.get(i) ? Sql.exact(rs, sources.get(i)) : rs.getString(sources.get(i));
                    }
                    writer.row(row);
                }
                return writer.rows();
            }
        });
    }
}
