package com.creditledger.reports.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.reports.ReportWorkbooks;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formulas name columns by header; the writer turns the names into letters where the columns are. */
class FormulaReferenceTests {

    record Use(String name, long used, long credits) {}

    static Column<Use> name() {
        return Column.text("Name", Use::name);
    }

    static Column<Use> used() {
        return Column.summed("Used", CellType.CREDITS, Use::used);
    }

    static Column<Use> credits() {
        return Column.summed("Credits", CellType.CREDITS, Use::credits);
    }

    static Column<Use> share() {
        return Column.formula(
                "Share", CellType.PERCENT, Share.formula("Used", "Credits"), u -> Share.of(u.used(), u.credits()));
    }

    static String formulaOfFirstRow(Path dir, Table<Use> table, String header) throws Exception {
        Path file = dir.resolve(table.name() + ".xlsx");
        try (XlsxReport xlsx = new XlsxReport()) {
            xlsx.table(table, Stream.of(new Use("a", 1, 4), new Use("b", 3, 4)));
            xlsx.write(file);
        }
        try (XSSFWorkbook workbook = ReportWorkbooks.open(file)) {
            Sheet sheet = workbook.getSheetAt(0);
            return sheet.getRow(1).getCell(table.column(header)).getCellFormula();
        }
    }

    @Test
    void aFormulaFollowsItsColumnsWhereverTheyAre(@TempDir Path dir) throws Exception {
        // given the same columns in two orders
        Table<Use> one = Table.of("One", List.of(name(), used(), credits(), share()));
        Table<Use> two = Table.of("Two", List.of(share(), credits(), name(), used()));
        // when
        String first = formulaOfFirstRow(dir, one, "Share");
        String second = formulaOfFirstRow(dir, two, "Share");
        // then
        assertThat(first).isEqualTo("IF(C2=0,0,B2/C2)");
        assertThat(second).isEqualTo("IF(B2=0,0,D2/B2)");
    }

    @Test
    void aFormulaColumnNamingNoColumnIsRefusedWhenTheTableIsBuilt() {
        // given a share of a column the table does not have
        List<Column<Use>> columns = List.of(name(), credits(), share());
        // when / then
        assertThatThrownBy(() -> Table.of("Broken", columns))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Used'");
    }

    @Test
    void twoColumnsOfOneNameAreRefused() {
        assertThatThrownBy(() -> Table.of("Twice", List.of(name(), used(), used())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two columns named Used");
    }

    @Test
    void aCellFormulaNamingNoColumnOrAnUnwrittenSheetFailsTheReport() {
        // given formulas built per row, not per column
        Table<Use> ownColumn = Table.of(
                "Own", List.of(name(), Column.of("Check", CellType.CREDITS, u -> new Formula("{Nope}*2", 0L))));
        Table<Use> otherSheet = Table.of(
                "Other",
                List.of(name(), Column.of("Check", CellType.CREDITS, u -> new Formula("SUM({Later!Used})", 0L))));
        Table<Use> pastTheEnd = Table.of(
                "Past",
                List.of(name(), used(), Column.of("Check", CellType.CREDITS, u -> new Formula("{Used#2}", 0L))));
        // when / then
        try (XlsxReport xlsx = new XlsxReport()) {
            assertThatThrownBy(() -> xlsx.table(ownColumn, Stream.of(new Use("a", 1, 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no column 'Nope'");
            assertThatThrownBy(() -> xlsx.table(otherSheet, Stream.of(new Use("a", 1, 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Later");
            assertThatThrownBy(() -> xlsx.table(pastTheEnd, Stream.of(new Use("a", 1, 1), new Use("b", 1, 1))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("names data row 2 (0-based) of its 2 rows");
        }
    }

    @Test
    void referencesToAnotherSheetResolveToItsRows(@TempDir Path dir) throws Exception {
        // given a table with a title line (its data start on row 4) and one that refers to it
        Table<Use> uses = Table.of("Uses", List.of(name(), used(), credits()));
        Table<Use> refs = new Table<>(
                "Refs",
                List.of(
                        name(),
                        Column.of("Cell", CellType.CREDITS, u -> new Formula(Formula.cell(uses, "Credits", 1), 4L)),
                        Column.of(
                                "Cells",
                                CellType.CREDITS,
                                u -> new Formula("SUM(" + Formula.cells(uses, "Used", 0, 1) + ")", 4L)),
                        Column.of(
                                "Column",
                                CellType.CREDITS,
                                u -> new Formula("SUM(" + Formula.column(uses, "Used") + ")", 4L)),
                        Column.of("Mine", CellType.CREDITS, u -> new Formula(Formula.cell("Cell", 0), 4L))),
                false);
        Path file = dir.resolve("refs.xlsx");
        // when
        try (XlsxReport xlsx = new XlsxReport()) {
            XlsxReport.Range range = xlsx.table(uses, Stream.of(new Use("a", 1, 4), new Use("b", 3, 4)), "Title");
            xlsx.table(refs, Stream.of(new Use("x", 0, 0)));
            xlsx.write(file);
            assertThat(range.columnRef("Credits")).isEqualTo("'Uses'!$C$4:$C$5");
            assertThat(range.rows(1, 1).columnRef("Name")).isEqualTo("'Uses'!$A$5:$A$5");
            assertThat(range.totalRef("Used")).isEqualTo("'Uses'!B6");
            assertThatThrownBy(() -> range.columnRef("Nope")).hasMessageContaining("no column 'Nope'");
        }
        // then
        try (XSSFWorkbook workbook = ReportWorkbooks.open(file)) {
            var row = workbook.getSheet("Refs").getRow(1);
            assertThat(row.getCell(1).getCellFormula()).isEqualTo("'Uses'!C5");
            assertThat(row.getCell(2).getCellFormula()).isEqualTo("SUM('Uses'!B4:B5)");
            assertThat(row.getCell(3).getCellFormula()).isEqualTo("SUM('Uses'!$B$4:$B$5)");
            assertThat(row.getCell(4).getCellFormula()).isEqualTo("B2");
        }
    }
}
