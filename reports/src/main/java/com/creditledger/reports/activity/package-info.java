/** The workspace activity log: pack purchases, auto top-ups, declines and suspensions. */
package com.creditledger.reports.activity;
