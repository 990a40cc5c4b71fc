package futureskit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import futureskit.grading.Exercise;
import futureskit.grading.Judge;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Exercise 09a's metadata names this module's judge and the libraries the grader must put on its JVM's
 * classpath; what the judge decides is tested end to end, on a real cluster, by GradersTest (tests/).
 */
class ClusterShaJudgeTest {

    private static final Exercise EXERCISE = Exercise.load(Path.of("..", "exercises", "09a_cluster_sha", Exercise.METADATA));

    @Test
    void theExerciseNamesThisJudgeAndWhatTheGraderNeedsToRunIt() throws Exception {
        assertThat(EXERCISE.judge()).isEqualTo(ClusterShaJudge.class.getName());
        assertThat(Class.forName(EXERCISE.judge()).asSubclass(Judge.class).getConstructor().newInstance()).isNotNull();
        assertThat(EXERCISE.needs()).extracting(Exercise.Library::className)
                .containsExactly(Cluster.class.getName(), com.hazelcast.core.HazelcastInstance.class.getName());
        assertThat(EXERCISE.needs()).extracting(Exercise.Library::maven)
                .containsExactly("io.github.futureskit:futures-kit-cluster:1.0.0",
                        "com.hazelcast:hazelcast:" + com.hazelcast.instance.BuildInfoProvider.getBuildInfo().getVersion());
        // What the starter is told is what the judge says to an answer that sends every job to member-1.
        assertThat(EXERCISE.starterExpect()).containsExactly("not yet", "every job ran on member-1: member-2 and member-3 ran no job");
    }
}
