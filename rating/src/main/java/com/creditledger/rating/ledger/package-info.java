/**
 * The credit ledger as the domain defines it (docs/ledger.md): its accounts and transaction kinds,
 * the posting rules that turn what a timeline did into zero-sum transactions, the transaction id
 * scheme, and the one-usage-transaction-per-workspace-run-day rule. The jobs module stores these
 * transactions as they are; nothing else decides a posting.
 */
package com.creditledger.rating.ledger;
