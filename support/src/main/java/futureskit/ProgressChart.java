package futureskit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What a progress bar showed, kept for later: the time of each step, and a chart of "steps done" over time.
 * A rendered notebook shows only a bar's last frame (every frame starts with {@code \r} and overwrites the one
 * before), so a bar that stalls then jumps and a bar that moves steadily both end as "20/20"; these step
 * times and their chart keep the difference visible in the saved notebook.
 *
 * <pre>{@code
 * var steps = new ProgressChart.Steps("completion order");   // the clock starts now
 * ... bar.step(); steps.step();                               // from any thread
 * IO.println(steps);                                          // completion order: 20 steps at 0.5 0.6 ... s
 * ProgressChart.image("Flags done over time", steps, other)   // a BufferedImage, shown as a PNG
 * }</pre>
 */
public final class ProgressChart {

    private ProgressChart() {
    }

    /** The time of each step, in seconds since this object was created. Safe to step from many threads. */
    public static final class Steps {
        private final String label;
        private final long origin = System.nanoTime();
        private final List<Double> times = new ArrayList<>();

        public Steps(String label) {
            this.label = label;
        }

        /** Records one step now. */
        public synchronized void step() {
            times.add((System.nanoTime() - origin) / 1e9);
        }

        public String label() {
            return label;
        }

        /** The steps' times so far, in the order they happened. */
        public synchronized List<Double> times() {
            return List.copyOf(times);
        }

        /** One line: the label, then the time of every step to a tenth of a second. */
        @Override
        public String toString() {
            var all = times();
            return label + ": " + all.size() + " step" + (all.size() == 1 ? "" : "s") + (all.isEmpty() ? "" : " at "
                    + all.stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).collect(Collectors.joining(" "))
                    + " s");
        }
    }

    /** Steps done over time, one staircase per series, on one time axis. */
    public static XYChart chart(String title, Steps... series) {
        if (series.length == 0) {
            throw new IllegalArgumentException("nothing to draw");
        }
        var chart = new XYChartBuilder().width(640).height(360).title(title)
                .xAxisTitle("seconds since start").yAxisTitle("steps done").build();
        var style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setLegendPosition(Styler.LegendPosition.InsideNW);
        style.setXAxisMin(0.0);
        style.setYAxisMin(0.0);
        style.setxAxisTickLabelsFormattingFunction(x -> String.format(Locale.ROOT, "%.1f", x));
        style.setYAxisDecimalPattern("0");
        double end = 0.1;
        for (Steps s : series) {
            var t = s.times();
            if (!t.isEmpty()) end = Math.max(end, t.getLast());
        }
        for (Steps s : series) {
            // A staircase: flat until a step's time, then one up.
            var x = new ArrayList<Double>(List.of(0.0));
            var y = new ArrayList<Double>(List.of(0.0));
            int done = 0;
            for (double t : s.times()) {
                x.add(t);
                y.add((double) done);
                x.add(t);
                y.add((double) ++done);
            }
            x.add(end * 1.02);
            y.add((double) done);
            XYSeries line = chart.addSeries(s.label(), x, y);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new BasicStroke(2.5f));
        }
        return chart;
    }

    /** The chart as an image: the last value of a notebook cell, shown as a PNG. */
    public static BufferedImage image(String title, Steps... series) {
        return BitmapEncoder.getBufferedImage(chart(title, series));
    }
}
