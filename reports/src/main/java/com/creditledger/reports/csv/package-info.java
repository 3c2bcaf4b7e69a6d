/** The machine-readable CSV contract of SPEC §6. */
package com.creditledger.reports.csv;
