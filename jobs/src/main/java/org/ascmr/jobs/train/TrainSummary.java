package org.ascmr.jobs.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * summary.json of a trained model: how training went. Selection used val only; the test mAP of
 * the selected model is reported here for convenience and never fed back into training.
 *
 * @param labelledRows     labelled train rows used
 * @param valRows          val rows used for early stopping and model selection
 * @param workers          data-parallel workers W (Spark tasks per epoch)
 * @param labelGraphEdges  links i != j in the label co-occurrence graph
 * @param epochs           epochs trained (including those before a resume)
 * @param bestEpoch        epoch of the selected model (1-based; 0 = the initial model)
 * @param stoppedEarly     true when patience ran out before train.maxEpochs
 * @param resumedFromEpoch epoch of the checkpoint this run resumed from (0 = fresh start)
 * @param warmStart        model directory the weights started from, or null
 * @param untrainedVal     val mAP of the initial model
 * @param val              val mAP of the selected model
 * @param test             test mAP of the selected model (null without labelled test rows)
 * @param secondsPerEpoch  mean wall time of an epoch (training job + averaging + val)
 * @param rowsPerSecond    labelled rows trained per second of epoch wall time
 * @param history          one entry per epoch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainSummary(
    long labelledRows,
    long valRows,
    int workers,
    int labelGraphEdges,
    int epochs,
    int bestEpoch,
    boolean stoppedEarly,
    int resumedFromEpoch,
    String warmStart,
    Map<String, Double> untrainedVal,
    Map<String, Double> val,
    Map<String, Double> test,
    double secondsPerEpoch,
    double rowsPerSecond,
    List<EpochStats> history) {

  /** One epoch: mean training loss, val mean mAP, wall time, rows per second. */
  public record EpochStats(int epoch, double loss, double valMap, double seconds, double rowsPerSecond) {}
}
