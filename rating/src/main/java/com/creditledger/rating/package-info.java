/**
 * The credit rules of SPEC §5, as plain Java: a workspace's timeline of expiries, cycle
 * boundaries, purchases and requests is folded, strictly in order, into grants, debt, ledger
 * movements and a status. No Spring, no JDBC, no I/O, no clock: every instant comes in as data.
 */
package com.creditledger.rating;
