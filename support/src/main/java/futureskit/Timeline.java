package futureskit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Records when each task ran and on which thread, and draws it: one row per thread, one bar per task.
 * A reader sees concurrency at a glance: bars stacked in a column ran at the same time.
 *
 * <pre>{@code
 * var timeline = new Timeline();
 * try (var executor = Executors.newFixedThreadPool(3)) {
 *     for (var cc : ccList) executor.submit(timeline.task(cc, () -> downloadOne(cc)));
 * }
 * timeline.image("Pool of 3 threads")   // a BufferedImage: the notebook shows it as a PNG
 * }</pre>
 *
 * Safe to record from many threads at once. Times are seconds since the timeline was created.
 */
public final class Timeline {

    /** One task's run: what it was, the thread that ran it, and when (seconds since the timeline's start). */
    public record Span(String label, String thread, double start, double end) {
        public double seconds() {
            return end - start;
        }
    }

    private static final Color[] PALETTE = {
            new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
            new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C),
            new Color(0xCCB974), new Color(0x64B5CD)};

    private final long origin = System.nanoTime();
    private final Queue<Span> spans = new ConcurrentLinkedQueue<>();

    /** Runs {@code work} on the calling thread, records its span (also when it fails) and returns its result. */
    public <T> T record(String label, Callable<T> work) throws Exception {
        double start = now();
        try {
            return work.call();
        } finally {
            spans.add(new Span(label, threadName(Thread.currentThread()), start, now()));
        }
    }

    /** {@code work} wrapped so that running it records its span: pass this to {@code executor.submit}. */
    public <T> Callable<T> task(String label, Callable<T> work) {
        return () -> record(label, work);
    }

    /** The recorded spans, in order of start. */
    public List<Span> spans() {
        return spans.stream().sorted(Comparator.comparingDouble(Span::start)).toList();
    }

    /**
     * The same spans with those of short-lived threads packed into lanes, for a chart of a virtual thread per task:
     * each span of a thread whose name starts with {@code threadPrefix} (unnamed virtual threads are
     * "virtual-<id>") moves to the first lane free at its start, named {@code lane + " 1"}, {@code lane + " 2"}...
     * So 194 downloads on 194 virtual threads draw as many rows as were in flight at once.
     */
    public Timeline packed(String threadPrefix, String lane) {
        var copy = new Timeline();
        var laneEnds = new ArrayList<Double>();
        for (var span : spans()) {
            if (!span.thread().startsWith(threadPrefix)) {
                copy.spans.add(span);
                continue;
            }
            int free = 0;
            while (free < laneEnds.size() && laneEnds.get(free) > span.start()) {
                free++;
            }
            if (free == laneEnds.size()) {
                laneEnds.add(span.end());
            } else {
                laneEnds.set(free, span.end());
            }
            copy.spans.add(new Span(span.label(), lane + " " + (free + 1), span.start(), span.end()));
        }
        return copy;
    }

    /** The threads that ran tasks, by name with numbers in numeric order (the chart's rows, top down). */
    public List<String> threads() {
        return spans().stream().map(Span::thread).distinct().sorted(BY_NAME_AND_NUMBER).toList();
    }

    // "thread-2" before "thread-10", as a reader counts.
    private static final Comparator<String> BY_NAME_AND_NUMBER = Comparator
            .comparing((String name) -> name.replaceFirst("\\d+$", ""))
            .thenComparingLong(name -> {
                var digits = name.replaceFirst("^.*?(\\d*)$", "$1");
                return digits.isEmpty() || digits.length() > 18 ? -1 : Long.parseLong(digits);
            })
            .thenComparing(Comparator.naturalOrder());

    /** The largest number of tasks running at the same instant. */
    public int maxConcurrent() {
        record Edge(double time, int delta) {}
        var edges = new ArrayList<Edge>();
        for (var span : spans) {
            edges.add(new Edge(span.start(), +1));
            edges.add(new Edge(span.end(), -1));
        }
        // An end sorts before a start at the same instant: back-to-back tasks do not overlap.
        edges.sort(Comparator.comparingDouble(Edge::time).thenComparingInt(Edge::delta));
        int running = 0, max = 0;
        for (var edge : edges) {
            running += edge.delta();
            max = Math.max(max, running);
        }
        return max;
    }

    /** From the first start to the last end, in seconds (0 when nothing was recorded). */
    public double elapsed() {
        var all = spans();
        if (all.isEmpty()) {
            return 0;
        }
        return all.stream().mapToDouble(Span::end).max().orElseThrow() - all.getFirst().start();
    }

    /** One line for the notebook: how many tasks, on how many threads, how many at once, how long. */
    public String summary() {
        int threads = threads().size();
        return "%d tasks on %d thread%s, at most %d at once, %.2fs from first start to last end"
                .formatted(spans.size(), threads, threads == 1 ? "" : "s", maxConcurrent(), elapsed());
    }

    @Override
    public String toString() {
        return "Timeline[" + summary() + "]";
    }

    /** The chart: one row per thread, one bar per task labelled with the task's name. */
    public XYChart chart(String title) {
        return chart(title, 0);
    }

    /**
     * The chart with a time axis of at least {@code axisSeconds}: give several charts the same value to
     * compare them at one scale (a longer run still shows whole).
     */
    public XYChart chart(String title, double axisSeconds) {
        var all = spans();
        var rows = threads();
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            rowOf.put(rows.get(i), i);
        }
        int width = 900;
        int rowPixels = rows.size() <= 5 ? 44 : rows.size() <= 12 ? 30 : 22;
        int height = 130 + Math.max(rows.size(), 3) * rowPixels;
        var chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("seconds since start").yAxisTitle("thread").build();
        var style = chart.getStyler();
        style.setLegendVisible(false);
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotGridHorizontalLinesVisible(false);
        style.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, rows.size() > 12 ? 10 : 12));
        // Rows are at y = -0, -1, -2 ... so the first thread is on top; label only those whole numbers.
        style.setYAxisMin(-(rows.size() - 0.5));
        style.setYAxisMax(0.5);
        style.setYAxisTickMarkSpacingHint(Math.max(8, rowPixels - 4));
        style.setyAxisTickLabelsFormattingFunction(y -> {
            long row = Math.round(-y);
            if (Math.abs(-y - row) < 1e-6 && row >= 0 && row < rows.size()) {
                return shortName(rows.get((int) row));
            }
            // XChart retries tick spacings until all labels differ: give every other tick its own invisible label.
            long k = Math.round(y * 100);
            return "\u200B".repeat((int) Math.min(100_000, k >= 0 ? 2 * k + 1 : -2 * k));
        });
        style.setXAxisMin(0.0);
        double xMax = Math.max(Math.max(0.1, axisSeconds), all.stream().mapToDouble(Span::end).max().orElse(0) * 1.03);
        style.setXAxisMax(xMax);
        style.setxAxisTickLabelsFormattingFunction(x -> "%.1f".formatted(x));

        float barPixels = rowPixels * 0.7f;
        var names = new HashSet<String>();
        for (int i = 0; i < all.size(); i++) {
            var span = all.get(i);
            double y = -rowOf.get(span.thread());
            String name = span.label();
            for (int n = 2; !names.add(name); n++) {
                name = span.label() + " #" + n; // XChart needs unique series names
            }
            XYSeries series = chart.addSeries(name, new double[] {span.start(), span.end()}, new double[] {y, y});
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(PALETTE[i % PALETTE.length]);
            // A butt cap ends the bar exactly at the task's start and end.
            series.setLineStyle(new BasicStroke(barPixels, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            // A label wider than its bar would spill over its neighbours' labels: leave those bars bare.
            double barWidth = span.seconds() / xMax * (width - 170);
            if (barWidth >= 9 * span.label().length() + 4) {
                chart.addAnnotation(new AnnotationText(span.label(), (span.start() + span.end()) / 2, y, false));
            }
        }
        style.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, rows.size() > 12 ? 10 : 12));
        style.setAnnotationTextFontColor(Color.WHITE);
        return chart;
    }

    /** The chart as an image: the last value of a notebook cell, shown as a PNG. */
    public BufferedImage image(String title) {
        return BitmapEncoder.getBufferedImage(chart(title));
    }

    /** The chart as an image, with a time axis of at least {@code axisSeconds} (see {@link #chart(String, double)}). */
    public BufferedImage image(String title, double axisSeconds) {
        return BitmapEncoder.getBufferedImage(chart(title, axisSeconds));
    }

    private double now() {
        return (System.nanoTime() - origin) / 1e9;
    }

    // Virtual threads have no name by default: call them by their id, as a thread dump does.
    private static String threadName(Thread thread) {
        if (!thread.getName().isEmpty()) {
            return thread.getName();
        }
        return (thread.isVirtual() ? "virtual-" : "thread-") + thread.threadId();
    }

    // "pool-3-thread-1" becomes "thread-1": the pool number changes on every run and says nothing.
    private static String shortName(String thread) {
        return thread.replaceFirst("^pool-\\d+-", "");
    }
}
