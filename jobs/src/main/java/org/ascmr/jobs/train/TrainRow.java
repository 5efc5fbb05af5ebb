package org.ascmr.jobs.train;

import java.io.Serializable;

/** One labelled pair as a training worker holds it: primitive arrays, cached between epochs. */
record TrainRow(String id, float[] image, float[] text, float[] labels) implements Serializable {}
