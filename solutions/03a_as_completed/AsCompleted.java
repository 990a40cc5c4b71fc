import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Exercise 03a, reference answer: ExecutorCompletionService is as_completed; the map ties futures to inputs. */
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
                toCc.put(completion.submit(() -> downloadOne(cc)), cc);
            }
            for (int i = 0; i < ccs.size(); i++) {
                Future<byte[]> done = completion.take();  // the next one to complete, whichever it is
                String cc = toCc.get(done);
                byte[] image = done.get();                 // done: get() does not wait
                Flags.show(cc);
                flags.put(cc, image);
            }
        }
        return flags;
    }
}
