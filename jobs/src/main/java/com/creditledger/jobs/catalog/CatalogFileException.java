package com.creditledger.jobs.catalog;

import com.creditledger.jobs.system.BillingException;
import java.nio.file.Path;

/** A catalog file was refused; nothing from it was loaded. Names the file, line and column. */
public class CatalogFileException extends BillingException {

    public CatalogFileException(Path file, long line, String column, String problem) {
        super(file.getFileName() + ", line " + line + (column == null ? "" : ", column " + column) + ": " + problem
                + NOTHING_LOADED);
    }

    /** A problem of the file as a whole (it cannot be read), at no line. */
    public CatalogFileException(Path file, String problem) {
        super(file.getFileName() + ": " + problem + NOTHING_LOADED);
    }

    private static final String NOTHING_LOADED = " (nothing from this file was loaded; fix the file and load it again)";
}
