package com.creditledger.jobs.system;

/**
 * A failure to report to a person as one message: what was wrong, where, and what to do. The
 * command line prints it without a stack trace and exits non-zero.
 */
public class BillingException extends RuntimeException {

    public BillingException(String message) {
        super(message);
    }

    public BillingException(String message, Throwable cause) {
        super(message, cause);
    }
}
