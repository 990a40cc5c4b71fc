import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * Exercise 08c, reference answer (Java 25 preview API, JEP 505). StructuredTaskScope.open() joins with
 * "all successful or throw": join() waits for every subtask, and the first one that fails cancels the scope,
 * which interrupts the others (each subtask runs on a virtual thread of its own, whose socket the interrupt
 * closes), then join() throws a FailedException whose cause is that failure. Leaving the try block waits for
 * every subtask to end: none outlives the method.
 */
public class Structured {

    public static Map<String, byte[]> downloadMany(List<String> ccs) throws Exception {
        try (var scope = StructuredTaskScope.open()) {
            var subtasks = new LinkedHashMap<String, Subtask<byte[]>>();
            for (String cc : ccs) {
                subtasks.put(cc, scope.fork(() -> Flags.getFlag(cc)));
            }
            scope.join();   // throws StructuredTaskScope.FailedException at the first failure
            var flags = new HashMap<String, byte[]>();
            subtasks.forEach((cc, subtask) -> flags.put(cc, subtask.get()));
            return flags;
        }
    }
}
