// Wrong answer: completion order, but each flag labelled by position, not by its own country.
// Expect: not yet
// Expect: does not tie each country code to its own flag

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wrong on purpose: completion order, but the i-th completed flag is labelled with the i-th submitted cc. */
public class AsCompleted {

    static byte[] downloadOne(String cc) throws IOException {
        return Flags.getFlag(cc);
    }

    public static Map<String, byte[]> downloadMany(List<String> ccs) throws Exception {
        var flags = new HashMap<String, byte[]>();
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            var completion = new ExecutorCompletionService<byte[]>(executor);
            for (String cc : ccs) {
                completion.submit(() -> downloadOne(cc));
            }
            for (int i = 0; i < ccs.size(); i++) {
                byte[] image = completion.take().get();
                String cc = ccs.get(i);
                Flags.show(cc);
                flags.put(cc, image);
            }
        }
        return flags;
    }
}
