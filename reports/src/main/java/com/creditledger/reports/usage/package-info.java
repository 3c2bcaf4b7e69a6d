/** The monthly usage report: per workspace, by day and by model, and a summary by tier. */
package com.creditledger.reports.usage;
