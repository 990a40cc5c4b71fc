///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable
//CDS
//DEPS com.squareup.okhttp3:okhttp-jvm:5.5.1
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-toml:2.21.1
//DEPS io.github.resilience4j:resilience4j-ratelimiter:2.4.0
//DEPS com.hazelcast:hazelcast:5.7.0
//SOURCES ../support/src/main/java/futureskit/Events.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/HttpRequestReader.java
//SOURCES ../support/src/main/java/futureskit/HttpStatusException.java
//SOURCES ../support/src/main/java/futureskit/Mosaic.java
//SOURCES ../support/src/main/java/futureskit/grading/*.java
//SOURCES ../support/src/main/java/futureskit/grading/judges/*.java
//SOURCES ../support/src/main/java/futureskit/ProcessPool*.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/*.java

// Self-grading for the exercises, in the spirit of rustlings:
//   jbang exercises/grade.java list              every exercise (from exercises/*/exercise.toml) and your progress
//   jbang exercises/grade.java check [NAME]      grade one (or the next unsolved) exercise
//   jbang exercises/grade.java hint NAME [N]     the next (or N-th) hint
// The grading code is the support library's futureskit.grading, compiled here from source so a clean clone
// needs nothing but JBang and a JDK 25; notebooks call the same code: Exercises.check("02a_threadpool").
// The folders are globbed: a new exercise's judge in grading/judges/ is picked up without an edit here.
// Lesson 9's exercise grades on a cluster: its judge lives in the cluster library, with Hazelcast.
// This JVM only reads metadata, compiles the answer and waits for the child JVM that judges it: C1 alone and
// JBang's class-data-sharing archive (//CDS, made by the first run) cut its start-up and compile time; the
// child JVM keeps the full JIT, since answers are timed there.

void main(String[] args) {
    System.exit(futureskit.grading.Exercises.cli(args));
}
