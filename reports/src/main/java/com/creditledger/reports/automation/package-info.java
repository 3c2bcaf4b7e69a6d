/** Automation run reports: credits used per run, with request counts and models. */
package com.creditledger.reports.automation;
