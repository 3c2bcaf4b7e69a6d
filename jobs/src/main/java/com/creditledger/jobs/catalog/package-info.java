/** Loading the catalog files (plans, packs, prices, workspaces, purchases) and reading them back. */
package com.creditledger.jobs.catalog;
