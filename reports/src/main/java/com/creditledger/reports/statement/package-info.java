/** Workspace statements per billing cycle: HTML that prints one workspace per page, CSV and XLSX. */
package com.creditledger.reports.statement;
