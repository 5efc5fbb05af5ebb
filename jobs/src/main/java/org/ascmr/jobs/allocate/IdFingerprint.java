package org.ascmr.jobs.allocate;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A set of ids in one aggregate: how many rows, and the XOR of their 64-bit hashes. Two tables
 * whose fingerprints agree hold the same ids (when one of them has no repeated id, as the score
 * artefact's candidates; up to a hash collision): a missing, extra or repeated id changes the
 * count or leaves an id with an odd number of copies on one side only, which changes the XOR.
 * It replaces two anti-joins, each of which shuffled both tables (4.6 s of allocate's 15.6 s at
 * 1M candidates), with a scan of each table's id column.
 */
record IdFingerprint(long rows, long xor) {
  /** The fingerprint of column {@code id} of {@code table}. */
  static IdFingerprint of(Dataset<Row> table, String id) {
    Row r = table.agg(count(lit(1)), coalesce(bit_xor(xxhash64(col(id))), lit(0L))).first();
    return new IdFingerprint(r.getLong(0), r.getLong(1));
  }
}
