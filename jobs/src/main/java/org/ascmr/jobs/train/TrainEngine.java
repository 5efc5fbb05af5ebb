package org.ascmr.jobs.train;

/**
 * How {@code ascmr train} spreads an epoch over Spark (setting {@code train.engine}).
 *
 * <ul>
 *   <li>{@link #AVERAGING}: the project's own synchronous parameter averaging of weights and Adam
 *       moments once per epoch, seeded row order and dropout masks (reproducible).</li>
 *   <li>{@link #DL4J_PARAMETER_AVERAGING}: the model as a DL4J ComputationGraph trained by
 *       dl4j-spark's ParameterAveragingTrainingMaster (averages every few minibatches per worker).</li>
 *   <li>{@link #DL4J_GRADIENT_SHARING}: the same graph trained by SharedTrainingMaster (threshold-
 *       encoded updates shared between workers over Aeron UDP; needs {@code train.dl4j.port}
 *       open between all nodes and the driver).</li>
 * </ul>
 */
public enum TrainEngine {
  AVERAGING,
  DL4J_PARAMETER_AVERAGING,
  DL4J_GRADIENT_SHARING
}
