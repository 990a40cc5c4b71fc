package futureskit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Lesson 1's functions for the later lessons to reuse, as the book's {@code flags_threadpool.py} does
 * {@code from flags import save_flag, get_flag, main}: the notebooks from lesson 2 on write
 * {@code import static futureskit.Flags.*;} and keep their cells for what they teach ({@code downloadOne},
 * {@code downloadMany}). Lesson 1 ({@code notebooks/01_sequential.ipynb}, {@code jbang/flags.java}) writes these
 * same functions out, because there they are the lesson.
 */
public final class Flags {

    /** The 20 most populous countries, in the book's order. */
    public static final List<String> POP20_CC = Fixtures.POP20_CC;

    /** Where {@link #saveFlag} writes: {@code downloads/} in the working directory (beside the notebook). */
    public static final Path DEST_DIR = Path.of("downloads");

    // One client for all downloads, as one httpx module serves flags.py: it keeps a pool of connections.
    private static final OkHttpClient HTTP = new OkHttpClient();

    /** A download strategy for {@link #main}: the sequential loop of lesson 1, or a concurrent one. */
    @FunctionalInterface
    public interface Downloader {
        int downloadMany(List<String> ccList) throws Exception;
    }

    /**
     * Downloads one flag, e.g. {@code getFlag(server.baseUrl(), "CN")} GETs {@code <baseUrl>/cn/cn.gif}. The
     * book's {@code raise_for_status()}: an answer other than 2xx throws {@link HttpStatusException}.
     */
    public static byte[] getFlag(String baseUrl, String cc) throws IOException {
        String lower = cc.toLowerCase(Locale.ROOT);
        String url = baseUrl + "/" + lower + "/" + lower + ".gif";
        var request = new Request.Builder().url(url).build();
        try (var response = HTTP.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new HttpStatusException(response.code(), url);
            }
            return response.body().bytes();
        }
    }

    /** Writes {@code DEST_DIR/filename} atomically: a crash or an interrupt never leaves half a flag behind. */
    public static void saveFlag(byte[] img, String filename) throws IOException {
        save(DEST_DIR, img, filename);
    }

    // Saves writes a .part file and renames it; the .part is deleted on an interrupt or Ctrl-C, so no flag is
    // ever half written (the scripts' flags and the notebooks' are saved by the same code).
    static void save(Path dir, byte[] img, String filename) throws IOException {
        Saves.atomically(Saves.folder(dir), filename, img);
    }

    /** Prints a country code and flushes, so codes appear one by one, as they arrive. */
    public static void show(String text) {
        System.out.print(text + " ");
        System.out.flush();
    }

    /** The book's {@code main(download_many)}: times {@code downloader} on {@link #POP20_CC} and reports. */
    public static void main(Downloader downloader) throws Exception {
        long t0 = System.nanoTime();
        int count = downloader.downloadMany(POP20_CC);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%n%d flags downloaded in %.2fs%n", count, elapsed);
    }

    private Flags() {}
}
