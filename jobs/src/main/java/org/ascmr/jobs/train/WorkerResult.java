package org.ascmr.jobs.train;

import java.io.Serializable;

/**
 * What one data-parallel worker sends back after its pass of an epoch: its rows and loss, and
 * its weights and Adam moments as {@link org.ascmr.model.ParameterSet} bytes for averaging.
 */
record WorkerResult(int worker, long rows, int batches, double weightedLoss, double seconds, byte[] weights,
    byte[] firstMoment, byte[] secondMoment, long step) implements Serializable {}
