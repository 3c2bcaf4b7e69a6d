/**
 * The monthly finance report: credits granted, consumed and expired, the deferred liability of
 * purchased credits, cash collected, revenue recognised, and a reconciliation sheet of live
 * formulas. Money is valued in {@link com.creditledger.reports.finance.UnitPrice} and only there.
 */
package com.creditledger.reports.finance;
