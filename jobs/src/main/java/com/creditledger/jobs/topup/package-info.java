/** Auto top-up payment adapters of the {@code PaymentGateway} port (SPEC R6, R7). */
package com.creditledger.jobs.topup;
