// Wrong answer: downloadOne catches every error and returns ERROR itself: right counts, in the wrong place.
// Expect: not yet
// Expect: downloadOne caught an HTTP error and returned ERROR instead of letting it propagate
// Expect: rethrow the others

import futureskit.HttpStatusException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Wrong on purpose: the statement asks downloadOne to let errors other than 404 propagate and downloadMany to
 * count them; this downloadOne swallows them, so downloadMany never sees a failure.
 */
public class ErrorCounts {

    static final int MAX_WORKERS = 30;

    static DownloadStatus downloadOne(String cc) {
        byte[] image;
        try {
            image = Flags.getFlag(cc);
        } catch (HttpStatusException e) {
            return e.code() == 404 ? DownloadStatus.NOT_FOUND : DownloadStatus.ERROR;
        } catch (IOException e) {
            return DownloadStatus.ERROR;
        }
        try {
            Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        } catch (IOException e) {
            return DownloadStatus.ERROR;
        }
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
                counter.merge(future.get(), 1, Integer::sum);
            }
        }
        return counter;
    }
}
