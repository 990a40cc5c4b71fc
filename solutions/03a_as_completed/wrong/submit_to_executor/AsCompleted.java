// Wrong answer: builds a completion service but submits to the executor, so take() never gets a future.
// Expect: timed out
// Expect: your code stopped making progress
// Expect: ExecutorCompletionService.take
// Expect: not executor.submit

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Wrong on purpose: the tasks go to the executor, not through the completion service, whose take() then waits forever. */
public class AsCompleted {

    static byte[] downloadOne(String cc) throws IOException {
        return Flags.getFlag(cc);
    }

    public static Map<String, byte[]> downloadMany(List<String> ccs) throws Exception {
        var flags = new HashMap<String, byte[]>();
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            var completion = new ExecutorCompletionService<byte[]>(executor);
            var toCc = new HashMap<Future<byte[]>, String>();
            for (String cc : ccs) {
                toCc.put(executor.submit(() -> downloadOne(cc)), cc);
            }
            for (int i = 0; i < ccs.size(); i++) {
                Future<byte[]> done = completion.take();
                String cc = toCc.get(done);
                Flags.show(cc);
                flags.put(cc, done.get());
            }
        }
        return flags;
    }
}
