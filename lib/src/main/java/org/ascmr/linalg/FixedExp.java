package org.ascmr.linalg;

/**
 * e^x as one fixed sequence of IEEE double operations (no library call, no fused multiply-add),
 * so its bits are the same on every JVM and machine, like {@code StrictMath.exp}, and it runs on
 * vectors: the scorer takes about a thousand exponentials per pair, and StrictMath's, one call
 * per value, cost about as much as all of the pair's matrix products. Arrays go through
 * {@link VectorExp} when the JVM has the vector API (same operations lane by lane, so the same
 * bits) and through the scalar loop here otherwise.
 *
 * <p>Method: x = k ln2 + r with k = rint(x / ln2) and |r| &lt;= ln2 / 2 (Cody and Waite's two-part
 * ln2, whose high part times k is exact), e^r by its Taylor polynomial to degree 12 (truncation
 * below 2e-16 relative), times 2^k built in the exponent bits. Within 2 ulp of the true value
 * (FixedExpTest measures it against StrictMath.exp). Domain: results for x in [-708, 709]; 0 below,
 * +infinity above (e^709 is 8.2e307), NaN for NaN.
 */
public final class FixedExp {
  static final double LOW = -708.0;
  static final double HIGH = 709.0;
  static final double LOG2E = 1.4426950408889634;
  /** 1.5 * 2^52: adding and subtracting it rounds a double of magnitude below 2^51 to an integer. */
  static final double SHIFT = 0x1.8p52;
  /** fdlibm's ln2 split: the high part has 32 trailing zero bits, so k * LN2_HI is exact. */
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  /** 1 / i! for i = 12 down to 0 (Horner order). */
  static final double[] C = new double[13];

  static {
    double f = 1;
    for (int i = 1; i <= 12; i++) f *= i;
    // the factorials are exact in double up to 12!, so each C is the correctly rounded 1/i!
    for (int i = 12; i >= 0; i--) {
      C[12 - i] = 1.0 / f;
      if (i > 0) f /= i;
    }
  }

  private static final boolean VECTOR_API = VectorApi.present();

  private FixedExp() {}

  /** e^x for one value (the same bits as the array form). */
  public static double exp(double x) {
    double xc = Math.min(Math.max(x, LOW), HIGH);
    double t = xc * LOG2E + SHIFT;
    double kd = t - SHIFT;
    double r = (xc - kd * LN2_HI) - kd * LN2_LO;
    double p = C[0];
    for (int i = 1; i < C.length; i++) p = p * r + C[i];
    // t = 1.5 * 2^52 + k exactly, so t's low bits are k in two's complement and the shift drops the rest
    double e = p * Double.longBitsToDouble((Double.doubleToRawLongBits(t) + 1023) << 52);
    if (x > HIGH) return Double.POSITIVE_INFINITY;
    if (x < LOW) return 0.0;
    return e;
  }

  /** {@code out[o + i] = e^{x[from + i]}} for i in [0, n); {@code out} may be {@code x}. */
  public static void exp(double[] x, int from, int n, double[] out, int o) {
    int done = VECTOR_API ? VectorExp.exp(x, from, n, out, o) : 0;
    for (int i = done; i < n; i++) out[o + i] = exp(x[from + i]);
  }

  /** The scalar loop whatever the JVM has (the tests compare it with the vector form). */
  static void expScalar(double[] x, int from, int n, double[] out, int o) {
    for (int i = 0; i < n; i++) out[o + i] = exp(x[from + i]);
  }
}
