/** Per-agent analytics: requests, credits, share of the workspace, top models, public visitors. */
package com.creditledger.reports.agents;
