/** The catalog a timeline is rated against: plans, credit packs and workspaces (SPEC §3). */
package com.creditledger.rating.catalog;
