package com.creditledger.reports.statement;

import com.creditledger.reports.table.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Statements as one HTML document, one workspace per printed page ({@code @media print}, a page
 * break after each statement). Every value from the data is HTML-escaped. The content depends only
 * on the statements, so re-generating gives the same bytes.
 */
final class StatementHtml {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private static final String CSS = """
            :root { --ink: #1d2433; --muted: #5b6475; --line: #d9dde5; --accent: #2f5bea; }
            * { box-sizing: border-box; }
            body { font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: var(--ink);
                   margin: 0; background: #eef0f4; font-size: 13px; line-height: 1.45; }
            .statement { background: #fff; width: 210mm; min-height: 290mm; margin: 16px auto; padding: 18mm 18mm 14mm;
                         box-shadow: 0 1px 4px rgba(0,0,0,.12); position: relative; }
            header { display: flex; justify-content: space-between; align-items: flex-start;
                     border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 18px; }
            .brand { font-size: 20px; font-weight: 700; letter-spacing: .5px; }
            .brand small { display: block; font-size: 11px; font-weight: 400; color: var(--muted); letter-spacing: 0; }
            .doc { text-align: right; }
            .doc h1 { margin: 0; font-size: 22px; font-weight: 600; }
            .doc div { color: var(--muted); }
            .parties { display: flex; justify-content: space-between; margin-bottom: 18px; }
            .parties .label { text-transform: uppercase; font-size: 10px; color: var(--muted); letter-spacing: .8px; }
            .parties strong { font-size: 15px; }
            h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .8px; color: var(--muted);
                 margin: 22px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
            table { width: 100%; border-collapse: collapse; }
            th { text-align: left; font-size: 11px; color: var(--muted); font-weight: 600; padding: 5px 6px;
                 border-bottom: 1px solid var(--line); }
            td { padding: 5px 6px; border-bottom: 1px solid #f0f1f4; vertical-align: top; }
            .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .summary td { border: none; padding: 4px 6px; }
            .summary .total td { border-top: 2px solid var(--ink); font-weight: 700; font-size: 15px; padding-top: 8px; }
            .summary .sub td { color: var(--muted); padding-left: 22px; }
            tfoot td { font-weight: 700; border-top: 1px solid var(--ink); border-bottom: none; }
            .empty { color: var(--muted); font-style: italic; }
            .check { margin-top: 6px; font-size: 11px; color: var(--muted); }
            footer { position: absolute; left: 18mm; right: 18mm; bottom: 10mm; font-size: 10px; color: var(--muted);
                     border-top: 1px solid var(--line); padding-top: 6px; display: flex; justify-content: space-between; }
            @page { size: A4; margin: 0; }
            @media print {
              body { background: #fff; }
              .statement { margin: 0; box-shadow: none; width: auto; min-height: 297mm; page-break-after: always;
                           break-after: page; }
              .statement:last-child { page-break-after: auto; break-after: auto; }
              tr { page-break-inside: avoid; break-inside: avoid; }
            }
            """;

    private StatementHtml() {}

    static void write(Path file, YearMonth month, List<Statement> statements) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
                out.write("<title>Statements for billing cycles ending in " + month + "</title>\n");
                out.write("<style>\n" + CSS + "</style>\n</head>\n<body>\n");
                if (statements.isEmpty()) {
                    out.write("<section class=\"statement\"><p class=\"empty\">No billing cycle ended in " + month
                            + ".</p></section>\n");
                }
                for (Statement s : statements) {
                    out.write(page(s));
                }
                out.write("</body>\n</html>\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    static String page(Statement s) {
        StringBuilder h = new StringBuilder(4096);
        LocalDate first = day(s.start());
        LocalDate last = day(s.end()).minusDays(1);
        h.append("<section class=\"statement\" id=\"").append(esc(s.number())).append("\">\n");
        h.append("<header><div class=\"brand\">AI credits<small>Credit statement</small></div>");
        h.append("<div class=\"doc\"><h1>Statement</h1><div>No. ")
                .append(esc(s.number()))
                .append("</div><div>Issued ")
                .append(DATE.format(day(s.end())))
                .append("</div></div></header>\n");
        h.append("<div class=\"parties\"><div><div class=\"label\">Workspace</div><strong>")
                .append(esc(s.workspaceName()))
                .append("</strong><div>")
                .append(esc(s.workspaceId()))
                .append(" · plan ")
                .append(esc(s.plan()))
                .append("</div></div>");
        h.append("<div style=\"text-align:right\"><div class=\"label\">Billing cycle ")
                .append(s.cycle())
                .append("</div><strong>")
                .append(DATE.format(first))
                .append(" – ")
                .append(DATE.format(last))
                .append("</strong><div>all times UTC</div></div></div>\n");

        h.append("<h2>Credit summary</h2>\n<table class=\"summary\">");
        row(h, "", "Opening balance on " + DATE.format(first), s.opening());
        row(h, "", "Plan allowance granted", s.grantedPlan());
        if (s.grantedPacks() != 0) {
            row(h, "", "Credit packs purchased", s.grantedPacks());
        }
        if (s.grantedTopups() != 0) {
            row(h, "", "Auto top-ups", s.grantedTopups());
        }
        if (s.grantedAdjustments() != 0) {
            row(h, "", "Adjustments", s.grantedAdjustments());
        }
        row(h, "", "Credits consumed", -s.consumed());
        row(h, "", "Credits expired", -s.expired());
        row(h, "total", "Closing balance on " + DATE.format(last), s.closing());
        h.append("</table>\n");
        h.append("<div class=\"check\">Opening ")
                .append(credits(s.opening()))
                .append(" + granted ")
                .append(credits(s.granted()))
                .append(" − consumed ")
                .append(credits(s.consumed()))
                .append(" − expired ")
                .append(credits(s.expired()))
                .append(" = closing ")
                .append(credits(s.closing()))
                .append(" credits.</div>\n");

        h.append("<h2>Purchases and auto top-ups</h2>\n");
        if (s.items().isEmpty()) {
            h.append("<p class=\"empty\">No purchases or top-ups in this cycle.</p>\n");
        } else {
            h.append("<table><thead><tr><th>Date</th><th>Description</th><th>Reference</th>"
                    + "<th class=\"num\">Credits</th><th class=\"num\">Amount</th></tr></thead><tbody>");
            for (Statement.Item item : s.items()) {
                h.append("<tr><td>")
                        .append(WHEN.format(item.at().atZone(ZoneOffset.UTC)))
                        .append("</td><td>")
                        .append(esc(item.kind()))
                        .append(" · pack ")
                        .append(esc(item.packId()))
                        .append("</td><td>")
                        .append(esc(item.reference()))
                        .append("</td><td class=\"num\">")
                        .append(item.credits() + item.bonus() == 0 ? "—" : credits(item.credits()))
                        .append(item.bonus() > 0 ? " + " + credits(item.bonus()) + " bonus" : "")
                        .append("</td><td class=\"num\">")
                        .append(
                                item.amountMinor() == null
                                        ? "—"
                                        : esc(Money.format(item.amountMinor(), item.currency())))
                        .append("</td></tr>");
            }
            h.append("</tbody></table>\n");
        }

        h.append("<h2>Usage by model</h2>\n");
        if (s.usage().isEmpty()) {
            h.append("<p class=\"empty\">No AI requests were charged in this cycle.</p>\n");
        } else {
            h.append("<table><thead><tr><th>Model</th><th>Tier</th><th class=\"num\">Requests</th>"
                    + "<th class=\"num\">Credits</th></tr></thead><tbody>");
            long requests = 0;
            long total = 0;
            for (Statement.ModelLine line : s.usage()) {
                requests = Math.addExact(requests, line.requests());
                total = Math.addExact(total, line.credits());
                h.append("<tr><td>")
                        .append(line.model().isEmpty() ? "(app clones)" : esc(line.model()))
                        .append("</td><td>")
                        .append(esc(line.tier()))
                        .append("</td><td class=\"num\">")
                        .append(credits(line.requests()))
                        .append("</td><td class=\"num\">")
                        .append(credits(line.credits()))
                        .append("</td></tr>");
            }
            h.append("</tbody><tfoot><tr><td colspan=\"2\">Total</td><td class=\"num\">")
                    .append(credits(requests))
                    .append("</td><td class=\"num\">")
                    .append(credits(total))
                    .append("</td></tr></tfoot></table>\n");
        }
        h.append("<footer><span>Statement ")
                .append(esc(s.number()))
                .append(" · ")
                .append(esc(s.workspaceId()))
                .append(
                        "</span><span>Credits are shown as whole credits; amounts in the currency charged.</span></footer>\n");
        h.append("</section>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String css, String label, long value) {
        h.append("<tr class=\"")
                .append(css)
                .append("\"><td>")
                .append(esc(label))
                .append("</td><td class=\"num\">")
                .append(credits(value))
                .append("</td></tr>");
    }

    static String credits(long value) {
        return String.format(Locale.ENGLISH, "%,d", value).replace("-", "−");
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
