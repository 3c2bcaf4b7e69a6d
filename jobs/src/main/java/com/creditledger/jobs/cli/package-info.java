/** The {@code billing} command line (picocli): global options, subcommands, scripts. */
package com.creditledger.jobs.cli;
