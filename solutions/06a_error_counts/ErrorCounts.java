import futureskit.HttpStatusException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Exercise 06a, reference answer: 404 handled in downloadOne, every other failure counted in downloadMany. */
public class ErrorCounts {

    static final int MAX_WORKERS = 30;

    static DownloadStatus downloadOne(String cc) throws IOException {
        byte[] image;
        try {
            image = Flags.getFlag(cc);
        } catch (HttpStatusException e) {
            if (e.code() == 404) {
                return DownloadStatus.NOT_FOUND;
            }
            throw e;
        }
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        return DownloadStatus.OK;
    }

    public static Map<DownloadStatus, Integer> downloadMany(List<String> ccs) throws Exception {
        Map<DownloadStatus, Integer> counter = new EnumMap<>(DownloadStatus.class);
        try (ExecutorService executor = Executors.newFixedThreadPool(Math.min(MAX_WORKERS, ccs.size()))) {
            List<Future<DownloadStatus>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> downloadOne(cc)));
            }
            for (Future<DownloadStatus> future : futures) {
                DownloadStatus status;
                try {
                    status = future.get();
                } catch (ExecutionException e) {
                    status = DownloadStatus.ERROR;  // e.getCause() says why: an HTTP 418/5xx or an I/O error
                }
                counter.merge(status, 1, Integer::sum);
            }
        }
        return counter;
    }
}
