///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS com.squareup.okhttp3:okhttp-jvm:5.5.1
//SOURCES ../support/src/main/java/futureskit/Fixtures.java
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/grading/Catalog.java
//SOURCES ../support/src/main/java/futureskit/grading/Checks.java
//SOURCES ../support/src/main/java/futureskit/grading/ChildClasspath.java
//SOURCES ../support/src/main/java/futureskit/grading/ConnectionWatch.java
//SOURCES ../support/src/main/java/futureskit/grading/Events.java
//SOURCES ../support/src/main/java/futureskit/grading/Exercises.java
//SOURCES ../support/src/main/java/futureskit/grading/Grader.java
//SOURCES ../support/src/main/java/futureskit/grading/ThreadSummary.java
//SOURCES ../support/src/main/java/futureskit/grading/Trial.java
//SOURCES ../support/src/main/java/futureskit/grading/Verdict.java

// Self-grading for the exercises, in the spirit of rustlings:
//   jbang exercises/grade.java list              progress over every exercise
//   jbang exercises/grade.java check [NAME]      grade one (or the next unsolved) exercise
//   jbang exercises/grade.java hint NAME [N]     the next (or N-th) hint
// The grading code is the support library's futureskit.grading, compiled here from source so a clean clone
// needs nothing but JBang and a JDK 25; notebooks call the same code: Exercises.check("01_threadpool").

void main(String[] args) {
    System.exit(futureskit.grading.Exercises.cli(args));
}
