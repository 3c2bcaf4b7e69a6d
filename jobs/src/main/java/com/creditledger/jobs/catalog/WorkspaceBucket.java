package com.creditledger.jobs.catalog;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A workspace's bucket, one of {@link #COUNT}: the unit rating partitions split workspaces by, so
 * that a workspace's whole timeline always lands in one partition. It is computed here, once, and
 * stored: with the workspace when it is loaded and with each request when it is ingested, so that
 * SQL only ever compares stored numbers and no server-side hash has to agree with this one.
 */
public final class WorkspaceBucket {

    public static final int COUNT = 1024;

    private WorkspaceBucket() {}

    /** CRC-32C of the id's UTF-8 bytes, modulo {@link #COUNT}. */
    public static short of(String workspaceId) {
        CRC32C crc = new CRC32C();
        crc.update(workspaceId.getBytes(StandardCharsets.UTF_8));
        return (short) (crc.getValue() % COUNT);
    }
}
