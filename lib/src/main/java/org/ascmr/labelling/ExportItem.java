package org.ascmr.labelling;

/**
 * One selected pair as annotators see it.
 *
 * @param round    the round that selected it
 * @param rank     0-based pick order
 * @param id       pool id (what ingest-labels matches on)
 * @param image    the image file's full path (null when the pool has no pairs bundle)
 * @param imageUrl what Label Studio loads (the path, or export.imageUrlPrefix + the bundle-relative path)
 * @param text     the pair's text (null when the pool has no pairs bundle)
 */
public record ExportItem(int round, int rank, String id, String image, String imageUrl, String text) {}
