// Wrong answer: "fixes" the deadlock by calling saveFlag directly in the download task: no second task at all.
// Expect: not yet
// Expect: saveFlag ran inside the download task, not as a task of its own
// Expect: keep the saving a task on the same executor

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Wrong on purpose: no nested wait because there is no nested task: the statement asks to keep both steps as tasks. */
public class Deadlock {

    public static int downloadMany(List<String> ccs) throws Exception {
        try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> downloadOne(cc)));
            }
            int count = 0;
            for (Future<String> future : futures) {
                future.get();
                count++;
            }
            return count;
        }
    }

    static String downloadOne(String cc) throws Exception {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        return cc;
    }
}
