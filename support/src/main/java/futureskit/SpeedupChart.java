package futureskit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The speedup curve of one or more {@link Speedup}s against the ideal: a line of slope 1 (n workers, n times
 * faster) and the ceiling this machine puts on it (no more than one worker per core runs at a time).
 * A {@link BufferedImage} as a cell's last value is shown as a PNG by the notebook kernels.
 */
public final class SpeedupChart {

    private SpeedupChart() {
    }

    /** The chart, to adjust before rendering. {@code cores} draws the machine's ceiling; 0 leaves it out. */
    public static XYChart chart(String title, int cores, Speedup... series) {
        if (series.length == 0) {
            throw new IllegalArgumentException("nothing to draw");
        }
        int maxWorkers = 1;
        for (Speedup s : series) {
            for (Speedup.Row r : s.rows()) {
                maxWorkers = Math.max(maxWorkers, r.workers());
            }
        }
        XYChart chart = new XYChartBuilder().width(640).height(400).title(title)
                .xAxisTitle("workers").yAxisTitle("speedup (x faster than 1 worker)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(maxWorkers + 0.5);
        double[] xs = new double[maxWorkers];
        double[] ideal = new double[maxWorkers];
        double[] ceiling = new double[maxWorkers];
        for (int w = 1; w <= maxWorkers; w++) {
            xs[w - 1] = w;
            ideal[w - 1] = w;
            ceiling[w - 1] = Math.min(w, cores);
        }
        XYSeries idealLine = chart.addSeries("ideal (n workers, n times faster)", xs, ideal);
        idealLine.setMarker(SeriesMarkers.NONE);
        idealLine.setLineColor(Color.GRAY);
        idealLine.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        if (cores > 0 && cores < maxWorkers) {
            XYSeries ceilingLine = chart.addSeries("ideal on " + cores + " core" + (cores == 1 ? "" : "s"), xs, ceiling);
            ceilingLine.setMarker(SeriesMarkers.NONE);
            ceilingLine.setLineColor(Color.DARK_GRAY);
            ceilingLine.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{2f, 3f}, 0f));
        }
        for (Speedup s : series) {
            List<Double> x = s.rows().stream().map(r -> (double) r.workers()).toList();
            List<Double> y = s.rows().stream().map(Speedup.Row::factor).toList();
            chart.addSeries(s.workload(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** The chart as an image, with this machine's core count as the ceiling. */
    public static BufferedImage image(String title, Speedup... series) {
        return BitmapEncoder.getBufferedImage(chart(title, Runtime.getRuntime().availableProcessors(), series));
    }
}
