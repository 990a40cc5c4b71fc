import java.io.IOException;
import java.util.List;

/**
 * Exercise 08b: hedged requests. Two mirrors serve the same flags, and either may stall on a given flag (a
 * hung request: no answer, ever). Ask every mirror at once, keep the first answer, and cancel the others for
 * real: the stalled mirror must see its request go.
 *
 * The grader calls getFlag for four flags; each time one of the two mirrors stalls, and you don't know which.
 * Check: jbang exercises/grade.java check 08b_hedged
 */
public class Hedged {

    /** The flag of {@code cc} from whichever of {@code mirrors} (base URLs) answers first. */
    public static byte[] getFlag(String cc, List<String> mirrors) throws Exception {
        // TODO: this asks the mirrors one after the other, so a mirror that stalls stalls you. Ask them all at
        //  once, keep the first flag that arrives, and cancel the other requests so that they stop.
        IOException last = null;
        for (String mirror : mirrors) {
            try {
                return Flags.getFlag(mirror, cc);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }
}
