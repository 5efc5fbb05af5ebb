package org.ascmr.workspace;

/**
 * One entry of the labels manifest: one accepted labels file, never changed after it is written.
 *
 * @param seq          1-based ingestion number; names the files below labels/
 * @param labelsFile   the normalised accepted rows (id + label names, sorted by id), below labels/:
 *                     {@code rows + relabelled} lines
 * @param sourceCopy   the uploaded file byte for byte, below labels/
 * @param rejectsFile  skipped bad rows with reasons (null when none)
 * @param source       the path the file was ingested from
 * @param sourceSha256 digest of the uploaded bytes: ingesting the same bytes again is a no-op
 * @param format       csv, jsonl or label-studio
 * @param rows         ids this ingestion labelled for the first time
 * @param unchanged    rows that repeated labels the workspace already had (kept once)
 * @param rejected     bad rows skipped under --on-bad-row skip
 * @param ingestedAt   ISO-8601 time
 * @param labelledTotal labelled ids in the workspace after this ingestion
 * @param relabelled   ids labelled before whose labels this ingestion corrected ({@code ingest-labels
 *                     --relabel}); the labelled set takes each id's labels from its latest ingestion.
 *                     0 in manifests written before corrections existed
 */
public record LabelIngestion(int seq, String labelsFile, String sourceCopy, String rejectsFile, String source,
    String sourceSha256, String format, long rows, long unchanged, long rejected, String ingestedAt,
    long labelledTotal, long relabelled) {

  /** Lines of {@link #labelsFile()}: the newly labelled ids and the corrected ones. */
  public long labelsFileRows() {
    return rows + relabelled;
  }
}
