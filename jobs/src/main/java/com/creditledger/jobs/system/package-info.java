/** Infrastructure: settings, the embedded PostgreSQL server, clock and shared beans. */
package com.creditledger.jobs.system;
