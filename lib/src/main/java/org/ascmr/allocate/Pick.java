package org.ascmr.allocate;

/**
 * One selected candidate, in pick order.
 *
 * @param id              pool id (an unlabelled one)
 * @param informativeness I_i
 * @param rho             the candidate's semantic density (NaN where unknown)
 * @param gain            marginal gain of the objective when it was picked
 * @param cluster         its cluster (-1 where none)
 */
public record Pick(String id, double informativeness, double rho, double gain, int cluster) {}
