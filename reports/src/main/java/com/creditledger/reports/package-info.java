/** Exports and reports: machine-readable CSV exports, finance spreadsheets, HTML statements. */
package com.creditledger.reports;
