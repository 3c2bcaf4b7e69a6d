package com.creditledger.jobs.system;

/**
 * A job launched by another job's step ended STOPPED (someone stopped it, or the server is
 * shutting down). The step that launched it ends STOPPED too, so the outer job is restartable.
 */
public class JobStoppedException extends BillingException {

    public JobStoppedException(String message) {
        super(message);
    }
}
