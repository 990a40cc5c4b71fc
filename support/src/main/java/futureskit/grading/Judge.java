package futureskit.grading;

/**
 * The judgement of one exercise, run in the child JVM next to the learner's code ({@link Trial}).
 *
 * <p>A judge drives the learner's method against flag servers it starts through the {@link TrialContext}, then
 * looks at behaviour, not only results, and names what was expected, what was seen and a next step. Its
 * class is named by the exercise's metadata ({@link Exercise#judge()}) and needs a public no-argument
 * constructor.
 */
public interface Judge {
    Verdict judge(TrialContext trial);
}
