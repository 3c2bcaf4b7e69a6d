package com.creditledger.jobs.demo;

import static com.creditledger.jobs.demo.Ascii.ascii;
import static com.creditledger.jobs.demo.Ascii.pad;

import java.time.LocalDate;

/** One generated workspace: its {@code workspaces.csv} row and its state while requests are written. */
final class Workspace {
    final int index;
    final String id;
    final byte[] idBytes;
    String name;
    PlanMix plan;
    LocalDate anchor;
    int anchorDay; // days from the period start, negative = before it
    long allowance;
    boolean autoTopup;
    long topupThreshold;
    String topupPack;
    int topupCycleLimit; // 0 = no limit
    String paymentMethod;
    boolean over; // burns more than its allowance
    double usageRate; // allowance per 30 days burnt
    double enterpriseSize;
    double activity; // sum of weekday factors over its active days
    double base; // expected requests per weekday-factor unit
    int users;
    int agents;
    int automations;
    int apps;
    final int[] preferredModels = new int[3];
    final byte[] userPrefix;
    final byte[] agentPrefix;
    final byte[] automationPrefix;
    final byte[] appPrefix;
    // the open automation run: its follow-up steps are scheduled a few seconds to minutes apart
    long runId;
    int runAutomation;
    int runUser;
    int runStepsLeft;

    Workspace(int index, int width) {
        this.index = index;
        String number = pad(index + 1, width);
        this.id = "ws-" + number;
        this.idBytes = ascii(id);
        this.userPrefix = ascii("usr-" + number + "-");
        this.agentPrefix = ascii("agt-" + number + "-");
        this.automationPrefix = ascii("aut-" + number + "-");
        this.appPrefix = ascii("app-" + number + "-");
    }
}
