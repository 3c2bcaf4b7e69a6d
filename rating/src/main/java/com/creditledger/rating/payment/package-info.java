/** The payment port auto top-ups charge through (SPEC R6, R7); adapters live in the jobs module. */
package com.creditledger.rating.payment;
