/**
 * Ledger persistence: stores the transactions the domain's ledger rules ({@code rating.ledger})
 * produced, and lets SQL name the ledger's accounts and kinds through those enums, never through
 * string literals of their own.
 */
package com.creditledger.jobs.ledger;
