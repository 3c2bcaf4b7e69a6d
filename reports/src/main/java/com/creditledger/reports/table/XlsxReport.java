package com.creditledger.reports.table;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;

/**
 * A streaming XLSX workbook (POI SXSSF: at most {@value #WINDOW} rows of a sheet in memory, the
 * rest flushed to a compressed temporary file), so a sheet of a million rows needs no more heap
 * than a sheet of a hundred.
 *
 * <p>Every table gets a bold, frozen header row with an autofilter, fixed column widths, number and
 * date formats by column type, and optionally a totals row of live {@code SUM} formulas (0 for a
 * table without rows: its one "row" would be the totals cell itself, a circular reference). Text is
 * always written as a string cell, never a formula; text a spreadsheet would evaluate also gets
 * the quote-prefix style ({@link SpreadsheetText}). Dates and instants are written in UTC.
 */
public final class XlsxReport implements AutoCloseable {

    static final int WINDOW = 100;

    /**
     * Where a table's rows landed, 1-based as in spreadsheet formulas; columns are named by header.
     *
     * @param headers the table's column headers, in sheet order
     * @param totalsRow the totals row, 0 if none
     */
    public record Range(String sheet, List<String> headers, int firstRow, int lastRow, int totalsRow) {

        public Range {
            headers = List.copyOf(headers);
        }

        /** The rows written (0 for an empty table). */
        public int rows() {
            return lastRow - firstRow + 1;
        }

        /** The 0-based index of the column named {@code header}; fails if the table has none. */
        public int column(String header) {
            int c = headers.indexOf(header);
            if (c < 0) {
                throw new IllegalArgumentException("no column '" + header + "' in sheet " + sheet);
            }
            return c;
        }

        /** The column letter of {@code header}, e.g. {@code C}. */
        public String letter(String header) {
            return CellReference.convertNumToColString(column(header));
        }

        /** The data rows {@code from} to {@code to} (0-based, inclusive) of this range, without totals. */
        public Range rows(int from, int to) {
            if (from < 0 || to < from || to >= rows()) {
                throw new IllegalArgumentException(
                        "rows " + from + " to " + to + " outside the " + rows() + " rows of sheet " + sheet);
            }
            return new Range(sheet, headers, firstRow + from, firstRow + to, 0);
        }

        /** A cell reference such as {@code 'Usage'!$C$2:$C$40} for the column named {@code header}. */
        public String columnRef(String header) {
            String letter = letter(header);
            return "'" + sheet + "'!$" + letter + "$" + firstRow + ":$" + letter + "$" + Math.max(firstRow, lastRow);
        }

        /** A reference to the totals cell of the column named {@code header}, e.g. {@code 'Usage'!C41}. */
        public String totalRef(String header) {
            if (totalsRow == 0) {
                throw new IllegalStateException("sheet " + sheet + " has no totals row");
            }
            return "'" + sheet + "'!" + letter(header) + totalsRow;
        }
    }

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final Map<CellType, CellStyle> styles = new EnumMap<>(CellType.class);
    private final Map<CellType, CellStyle> totalStyles = new EnumMap<>(CellType.class);
    private final CellStyle header;
    private final CellStyle quoted;
    private final CellStyle title;
    private final Map<String, Range> written = new HashMap<>();

    public XlsxReport() {
        workbook.setCompressTempFiles(true);
        Font bold = workbook.createFont();
        bold.setBold(true);
        header = workbook.createCellStyle();
        header.setFont(bold);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        header.setBorderBottom(BorderStyle.THIN);
        header.setWrapText(true);
        Font big = workbook.createFont();
        big.setBold(true);
        big.setFontHeightInPoints((short) 14);
        title = workbook.createCellStyle();
        title.setFont(big);
        quoted = workbook.createCellStyle();
        quoted.setQuotePrefixed(true);
        for (CellType type : CellType.values()) {
            CellStyle style = workbook.createCellStyle();
            if (type.format != null) {
                style.setDataFormat(workbook.createDataFormat().getFormat(type.format));
            }
            styles.put(type, style);
            CellStyle total = workbook.createCellStyle();
            total.cloneStyleFrom(style);
            total.setFont(bold);
            total.setBorderTop(BorderStyle.THIN);
            totalStyles.put(type, total);
        }
    }

    /** Creates the sheets in this order now, so that summaries written last still come first. */
    public XlsxReport reserve(String... sheets) {
        for (String sheet : sheets) {
            workbook.createSheet(sheet);
        }
        return this;
    }

    /** Writes a table (header, rows, optional totals) from a stream that is consumed and closed. */
    public <R> Range table(Table<R> table, Stream<R> rows) {
        return table(table, rows, null);
    }

    /**
     * Writes a table below an optional title line; returns where its rows landed. Formula cells'
     * column references are resolved here ({@link Formula}); one that names no column of its table,
     * or a table not written yet, fails.
     *
     * @param heading a line above the header (a report title), or null
     */
    public <R> Range table(Table<R> table, Stream<R> rows, String heading) {
        SXSSFSheet sheet = workbook.getSheet(table.name());
        if (sheet == null) {
            sheet = workbook.createSheet(table.name());
        }
        List<Column<R>> columns = table.columns();
        int r = 0;
        if (heading != null) {
            Cell cell = sheet.createRow(r++).createCell(0);
            cell.setCellValue(heading);
            cell.setCellStyle(title);
            r++;
        }
        int headerRow = r;
        Row head = sheet.createRow(r++);
        for (int c = 0; c < columns.size(); c++) {
            Cell cell = head.createCell(c);
            cell.setCellValue(columns.get(c).header());
            cell.setCellStyle(header);
            sheet.setColumnWidth(c, columns.get(c).effectiveWidth() * 256);
        }
        int first = r + 1;
        List<String> headers = columns.stream().map(Column::header).toList();
        Range own = new Range(table.name(), headers, first, Integer.MAX_VALUE, 0);
        int[] highestRowNamed = {-1};
        try (rows) {
            Iterator<R> it = rows.iterator();
            while (it.hasNext()) {
                R value = it.next();
                Row row = sheet.createRow(r);
                int excelRow = r + 1;
                for (int c = 0; c < columns.size(); c++) {
                    Column<R> column = columns.get(c);
                    Object cellValue = column.value().apply(value);
                    if (cellValue instanceof Formula formula) {
                        String text = formula.resolve(ref -> resolve(ref, own, excelRow, highestRowNamed));
                        Cell cell = row.createCell(c);
                        cell.setCellFormula(text);
                        cell.setCellStyle(styles.get(column.type()));
                    } else {
                        write(row.createCell(c), column.type(), cellValue);
                    }
                }
                r++;
            }
        }
        int last = r;
        if (highestRowNamed[0] >= last - first + 1) {
            throw new IllegalStateException("a formula in sheet " + table.name() + " names data row "
                    + highestRowNamed[0] + " (0-based) of its " + (last - first + 1) + " rows");
        }
        sheet.createFreezePane(0, headerRow + 1);
        sheet.setAutoFilter(new CellRangeAddress(headerRow, Math.max(headerRow, last - 1), 0, columns.size() - 1));
        int totals = 0;
        if (table.totals()) {
            Row row = sheet.createRow(r);
            totals = r + 1;
            Cell label = row.createCell(0);
            label.setCellValue("Total");
            label.setCellStyle(totalStyles.get(CellType.TEXT));
            for (int c = 1; c < columns.size(); c++) {
                Column<R> column = columns.get(c);
                if (column.total()) {
                    Cell cell = row.createCell(c);
                    if (last < first) {
                        // no rows: a SUM over "the rows" would be the totals cell itself
                        cell.setCellValue(0);
                    } else {
                        String letter = CellReference.convertNumToColString(c);
                        cell.setCellFormula("SUM(" + letter + first + ":" + letter + last + ")");
                    }
                    cell.setCellStyle(totalStyles.get(column.type()));
                }
            }
        }
        Range range = new Range(table.name(), headers, first, last, totals);
        written.put(table.name(), range);
        return range;
    }

    /** The spreadsheet text of a formula's reference, written in row {@code excelRow} of {@code own}. */
    private String resolve(Formula.Reference ref, Range own, int excelRow, int[] highestRowNamed) {
        if (ref.table() == null) {
            String letter = own.letter(ref.header());
            if (ref.ownRow()) {
                return letter + excelRow;
            }
            highestRowNamed[0] = Math.max(highestRowNamed[0], ref.to());
            String from = letter + (own.firstRow() + ref.from());
            return ref.to() == ref.from() ? from : from + ":" + letter + (own.firstRow() + ref.to());
        }
        Range other = written.get(ref.table());
        if (other == null) {
            throw new IllegalArgumentException("a formula in sheet " + own.sheet() + " names sheet " + ref.table()
                    + ", which is not written (yet)");
        }
        if (ref.from() < 0) {
            return other.columnRef(ref.header());
        }
        Range cells = other.rows(ref.from(), ref.to());
        String letter = other.letter(ref.header());
        String from = "'" + other.sheet() + "'!" + letter + cells.firstRow();
        return ref.to() == ref.from() ? from : from + ":" + letter + cells.lastRow();
    }

    private void write(Cell cell, CellType type, Object value) {
        if (value == null) {
            return;
        }
        if (type.numeric() && value instanceof Number number) {
            cell.setCellValue(number instanceof BigDecimal decimal ? decimal.doubleValue() : number.doubleValue());
            cell.setCellStyle(styles.get(type));
        } else if (type == CellType.DATE && value instanceof LocalDate date) {
            cell.setCellValue(date);
            cell.setCellStyle(styles.get(type));
        } else if (type == CellType.INSTANT && value instanceof Instant instant) {
            cell.setCellValue(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            cell.setCellStyle(styles.get(type));
        } else {
            String text = value.toString();
            cell.setCellValue(text);
            if (SpreadsheetText.isDangerous(text)) {
                cell.setCellStyle(quoted);
            }
        }
    }

    /**
     * Adds a clustered bar chart to a sheet already written, plotting one or more series against
     * categories. The data live in cells ({@code categoriesRef}, {@code seriesRefs}); the arrays
     * are the cached values a viewer shows before it recalculates.
     */
    public void barChart(
            String sheetName,
            String chartTitle,
            int col1,
            int row1,
            int col2,
            int row2,
            String categoriesRef,
            String[] categories,
            List<String> seriesTitles,
            List<String> seriesRefs,
            List<Long[]> seriesValues) {
        SXSSFSheet sheet = workbook.getSheet(sheetName);
        sheet.createDrawingPatriarch();
        XSSFDrawing drawing = sheet.getDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, col1, row1, col2, row2));
        chart.setTitleText(chartTitle);
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis x = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis y = chart.createValueAxis(AxisPosition.LEFT);
        y.setNumberFormat("#,##0");
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, x, y);
        data.setBarDirection(BarDirection.COL);
        XDDFCategoryDataSource cats = XDDFDataSourcesFactory.fromArray(categories, categoriesRef);
        for (int i = 0; i < seriesRefs.size(); i++) {
            XDDFNumericalDataSource<Long> values =
                    XDDFDataSourcesFactory.fromArray(seriesValues.get(i), seriesRefs.get(i));
            data.addSeries(cats, values).setTitle(seriesTitles.get(i), null);
        }
        chart.plot(data);
    }

    /** Writes the workbook (through a temporary file, so a failed write leaves no half file). */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".report", ".xlsx.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                workbook.setForceFormulaRecalculation(true);
                workbook.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            workbook.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workbook.dispose();
        }
    }
}
