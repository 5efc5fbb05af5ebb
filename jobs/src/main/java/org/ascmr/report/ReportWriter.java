package org.ascmr.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ascmr.experiment.CurveSummary;
import org.ascmr.experiment.ExperimentSummary;
import org.ascmr.experiment.RoundResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The experiment report, readable without Spark: two PNG plots made with XChart and a
 * self-contained report.html (summary table, the plots inlined as data URIs, the settings).
 * <ul>
 *   <li>{@value #MAP_PLOT}: test mean mAP vs labelled fraction, one line per strategy (mean over
 *       seeds) with a band of mean ± sd, and horizontal lines at the full-supervision ceiling and at
 *       95% of it;</li>
 *   <li>{@value #TIME_PLOT}: mean wall seconds per round by stage, stacked, one bar per strategy.</li>
 * </ul>
 * {@link #render} returns the files as bytes so the caller can store them on any filesystem;
 * {@link #write} puts them in a local directory.
 */
public final class ReportWriter {
  public static final String MAP_PLOT = "map_vs_fraction.png";
  public static final String TIME_PLOT = "stage_seconds.png";
  public static final String HTML = "report.html";

  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b),
      new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};
  private static final Color ASCMR = new Color(0xd62728);
  private static final Color RANDOM = new Color(0x333333);
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 620;

  private ReportWriter() {}

  /**
   * Renders the report files: name -> bytes ({@value #MAP_PLOT}, {@value #TIME_PLOT}, {@value #HTML}).
   *
   * @param title    heading of the report (e.g. "OpenClipArt, 3 seeds")
   * @param summary  what {@link ExperimentSummary#of} made of the results
   * @param settings the experiment's effective settings, shown as a table
   */
  public static Map<String, byte[]> render(String title, ExperimentSummary summary, Map<String, String> settings) {
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(MAP_PLOT, png(mapChart(title, summary)));
    files.put(TIME_PLOT, png(timeChart(summary)));
    files.put(HTML, html(title, summary, settings, files).getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** Renders and writes the files into {@code dir} (created if needed); returns report.html's path. */
  public static Path write(Path dir, String title, ExperimentSummary summary, Map<String, String> settings) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> f : render(title, summary, settings).entrySet()) {
        Files.write(dir.resolve(f.getKey()), f.getValue());
      }
      return dir.resolve(HTML);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir, e);
    }
  }

  static XYChart mapChart(String title, ExperimentSummary summary) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Test mAP vs labelled fraction" + (title == null ? "" : " - " + title))
        .xAxisTitle("labelled fraction of the pool").yAxisTitle("test mAP@all (mean of I2T and T2I)").build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisDecimalPattern("0.#%");
    chart.getStyler().setYAxisDecimalPattern("0.000");
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    Map<String, Color> colours = colours(summary.strategies().keySet());
    // Bands first so that every line is drawn over them.
    for (Map.Entry<String, ExperimentSummary.Strategy> e : summary.strategies().entrySet()) {
      List<ExperimentSummary.CurvePoint> curve = e.getValue().curve();
      for (ExperimentSummary.CurvePoint p : curve) {
        minX = Math.min(minX, p.fraction());
        maxX = Math.max(maxX, p.fraction());
      }
      if (curve.size() < 2 || curve.get(0).sd() == null) continue;
      int n = curve.size();
      double[] bx = new double[2 * n + 1];
      double[] by = new double[2 * n + 1];
      for (int i = 0; i < n; i++) {
        ExperimentSummary.CurvePoint p = curve.get(i);
        ExperimentSummary.CurvePoint q = curve.get(n - 1 - i);
        bx[i] = p.fraction();
        by[i] = p.mean() + p.sd();
        bx[n + i] = q.fraction();
        by[n + i] = q.mean() - q.sd();
      }
      bx[2 * n] = bx[0];
      by[2 * n] = by[0];
      Color c = colours.get(e.getKey());
      XYSeries band = chart.addSeries(e.getKey() + " (sd band)", bx, by);
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 45));
      band.setLineColor(new Color(0, 0, 0, 0));
      band.setMarker(SeriesMarkers.NONE);
      band.setShowInLegend(false);
    }
    for (Map.Entry<String, ExperimentSummary.Strategy> e : summary.strategies().entrySet()) {
      List<ExperimentSummary.CurvePoint> curve = e.getValue().curve();
      double[] x = curve.stream().mapToDouble(ExperimentSummary.CurvePoint::fraction).toArray();
      double[] y = curve.stream().mapToDouble(ExperimentSummary.CurvePoint::mean).toArray();
      Color c = colours.get(e.getKey());
      XYSeries s = chart.addSeries(e.getKey() + " (" + e.getValue().seeds() + " seeds)", x, y);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setLineColor(c);
      s.setMarkerColor(c);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineWidth(e.getKey().startsWith("ascmr") ? 3f : 2f);
    }
    if (summary.ceiling() != null && minX <= maxX) {
      double c = summary.ceiling().mean();
      horizontal(chart, String.format(Locale.ROOT, "ceiling (full supervision) %.3f", c), minX, maxX, c, Color.BLACK,
          new float[] {9f, 5f});
      horizontal(chart, String.format(Locale.ROOT, "95%% of ceiling %.3f", 0.95 * c), minX, maxX, 0.95 * c,
          Color.GRAY, new float[] {3f, 4f});
    }
    return chart;
  }

  private static void horizontal(XYChart chart, String name, double x0, double x1, double y, Color colour,
      float[] dash) {
    XYSeries s = chart.addSeries(name, new double[] {x0, x1}, new double[] {y, y});
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(colour);
    s.setLineStyle(new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
  }

  static CategoryChart timeChart(ExperimentSummary summary) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Mean wall time per round, by stage").xAxisTitle("strategy").yAxisTitle("seconds per round").build();
    style(chart.getStyler());
    chart.getStyler().setStacked(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisDecimalPattern("0.#");
    List<String> strategies = new ArrayList<>(summary.strategies().keySet());
    Set<String> stages = new LinkedHashSet<>(RoundResult.STAGES);
    for (ExperimentSummary.Strategy s : summary.strategies().values()) stages.addAll(s.secondsPerRound().keySet());
    int k = 0;
    for (String stage : stages) {
      List<Double> values = new ArrayList<>();
      boolean any = false;
      for (String name : strategies) {
        Double v = summary.strategies().get(name).secondsPerRound().get(stage);
        values.add(v == null ? 0.0 : v);
        any |= v != null && v > 0;
      }
      if (!any) continue;
      chart.addSeries(stage, strategies, values).setFillColor(PALETTE[k++ % PALETTE.length]);
    }
    if (chart.getSeriesMap().isEmpty()) chart.addSeries("no timings recorded", strategies, zeros(strategies.size()));
    return chart;
  }

  private static List<Double> zeros(int n) {
    List<Double> z = new ArrayList<>();
    for (int i = 0; i < n; i++) z.add(0.0);
    return z;
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.LIGHT_GRAY);
    s.setLegendBorderColor(Color.WHITE);
    s.setAntiAlias(true);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
      a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      a.setPlotGridLinesColor(new Color(0xe6e6e6));
    }
  }

  /** ascmr variants red, random dark grey, the rest from a fixed palette in name order. */
  static Map<String, Color> colours(Set<String> names) {
    Map<String, Color> out = new LinkedHashMap<>();
    int k = 0;
    for (String n : names) {
      if (n.equals("ascmr")) out.put(n, ASCMR);
      else if (n.equals(ExperimentSummary.BASELINE)) out.put(n, RANDOM);
      else out.put(n, PALETTE[k++ % PALETTE.length]);
    }
    return out;
  }

  private static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a chart as PNG", e);
    }
  }

  static String html(String title, ExperimentSummary summary, Map<String, String> settings, Map<String, byte[]> pngs) {
    StringBuilder b = new StringBuilder();
    String heading = "ASCMR experiment" + (title == null ? "" : ": " + title);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(heading))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
            + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
            + "img{max-width:100%;border:1px solid #eee}.note{color:#555;font-size:90%}</style></head><body>\n");
    b.append("<h1>").append(esc(heading)).append("</h1>\n");
    if (summary.ceiling() != null) {
      ExperimentSummary.Ceiling c = summary.ceiling();
      b.append("<p>Full-supervision ceiling (every train pair labelled): test mean mAP <b>").append(num(c.mean()))
          .append("</b>").append(c.sd() == null ? "" : " ± " + num(c.sd())).append(" (I2T ").append(num(c.i2t()))
          .append(", T2I ").append(num(c.t2i())).append(") over ").append(c.seeds()).append(" seed(s).</p>\n");
    } else {
      b.append("<p>No full-supervision ceiling was recorded: the fractions to 95% / 97% are empty.</p>\n");
    }
    b.append("<h2>Summary</h2>\n<table><tr><th>strategy</th><th>seeds</th><th>AUC (mean mAP over the range)</th>"
        + "<th>fraction to 95%</th><th>fraction to 97%</th><th>final mAP</th><th>final fraction</th>"
        + "<th>ΔAUC vs random</th><th>wins vs random</th><th>sign-test p</th><th>paired t</th></tr>\n");
    for (Map.Entry<String, ExperimentSummary.Strategy> e : summary.strategies().entrySet()) {
      ExperimentSummary.Strategy s = e.getValue();
      CurveSummary.Paired p = s.vsRandom();
      b.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(s.seeds()).append("</td><td>")
          .append(pm(s.auc(), s.aucSd())).append("</td><td>").append(pct(s.fractionTo95())).append("</td><td>")
          .append(pct(s.fractionTo97())).append("</td><td>").append(pm(s.finalMean(), s.finalMeanSd()))
          .append("</td><td>").append(pct(s.finalFraction())).append("</td><td>")
          .append(p == null ? "-" : pm(p.meanDifference(), p.sd())).append("</td><td>")
          .append(p == null ? "-" : p.wins() + " of " + p.n()).append("</td><td>")
          .append(p == null ? "-" : num(p.signTestP())).append("</td><td>")
          .append(p == null || p.t() == null ? "-" : String.format(Locale.ROOT, "%.2f", p.t())).append("</td></tr>\n");
    }
    b.append("</table>\n<p class=\"note\">AUC: trapezoid area under test mean mAP vs labelled fraction, divided "
        + "by the fraction range (so it reads as a mean mAP), per seed, then mean ± sd over seeds. Fractions to "
        + "95% / 97%: the first round of the seed-mean curve whose mAP reaches that share of the mean ceiling, as "
        + "observed (no interpolation); '-' = never reached. ΔAUC vs random: paired by seed; the sign test is "
        + "exact and two-sided (with 3 seeds its smallest p is 0.25).</p>\n");
    b.append("<h2>mAP vs labelled fraction</h2>\n").append(img(MAP_PLOT, pngs.get(MAP_PLOT)));
    b.append("<h2>Time per stage</h2>\n").append(img(TIME_PLOT, pngs.get(TIME_PLOT)));
    b.append("<h2>Curves</h2>\n<table><tr><th>strategy</th><th>round</th><th>labelled fraction</th>"
        + "<th>test mean mAP</th><th>sd</th><th>seeds</th></tr>\n");
    for (Map.Entry<String, ExperimentSummary.Strategy> e : summary.strategies().entrySet()) {
      for (ExperimentSummary.CurvePoint p : e.getValue().curve()) {
        b.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(p.round()).append("</td><td>")
            .append(pct(p.fraction())).append("</td><td>").append(num(p.mean())).append("</td><td>")
            .append(p.sd() == null ? "-" : num(p.sd())).append("</td><td>").append(p.seeds()).append("</td></tr>\n");
      }
    }
    b.append("</table>\n<h2>Settings</h2>\n<table><tr><th>key</th><th>value</th></tr>\n");
    for (Map.Entry<String, String> s : settings.entrySet()) {
      b.append("<tr><td>").append(esc(s.getKey())).append("</td><td style=\"text-align:left\">")
          .append(esc(s.getValue())).append("</td></tr>\n");
    }
    b.append("</table>\n</body></html>\n");
    return b.toString();
  }

  private static String img(String name, byte[] png) {
    return "<p><img alt=\"" + name + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)
        + "\"></p>\n<p class=\"note\">Also saved as " + name + ".</p>\n";
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pm(double mean, Double sd) {
    return num(mean) + (sd == null ? "" : " ± " + num(sd));
  }

  private static String pct(Double f) {
    return f == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * f);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
