/** {@code billing export ...}: the machine-readable CSV exports of SPEC §6. */
package com.creditledger.jobs.export;
