package org.ascmr.io;

/**
 * One input an artefact was made from: where it was, how many rows it had, and a fingerprint
 * (the input's own metadata hash or a digest of its bytes) that tells whether it changed.
 */
public record InputRef(String role, String path, long rows, String fingerprint) {}
