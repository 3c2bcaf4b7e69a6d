/** What the on-call operator uses: {@code billing jobs list|show|restart|abandon|recover}. */
package com.creditledger.jobs.ops;
