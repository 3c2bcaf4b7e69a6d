/**
 * Tables that a report is made of, and the two renderers every human report shares: streaming
 * XLSX ({@link com.creditledger.reports.table.XlsxReport}) and spreadsheet-safe CSV ({@link
 * com.creditledger.reports.table.HumanCsv}). Text that a spreadsheet could take for a formula is
 * neutralised here and nowhere else ({@link com.creditledger.reports.table.SpreadsheetText}).
 */
package com.creditledger.reports.table;
