/**
 * The human reports of SPEC §6 ({@code billing report ...}): set-based SQL streamed with a cursor
 * into the renderers of the {@code reports} module. Definitions are in docs/reports.md.
 */
package com.creditledger.jobs.report;
