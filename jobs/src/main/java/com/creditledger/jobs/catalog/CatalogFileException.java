package com.creditledger.jobs.catalog;

import com.creditledger.jobs.system.BillingException;
import java.nio.file.Path;

/** A catalog file was refused; nothing from it was loaded. Names the file, line and column. */
public class CatalogFileException extends BillingException {

    public CatalogFileException(Path file, long line, String column, String problem) {
        super(file.getFileName() + ", line " + line + (column == null ? "" : ", column " + column) + ": " + problem
                + " (nothing from this file was loaded; fix the file and load it again)");
    }
}
