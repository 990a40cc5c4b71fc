package futureskit.grading.judges;

import futureskit.grading.ThreadSummary;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the learner's compiled classes say, read with the JDK's class-file API: where objects of a class are
 * created, and whether that is inside a lambda (a task's body) or a loop. Judges use it only to choose the advice
 * for an answer that already failed on its behaviour ("a Semaphore per task limits nothing"), never to fail one.
 */
final class LearnerCode {

    /** {@code new X()} at {@code file:line}, in method {@code method}; in a lambda's body, or inside a loop. */
    record Site(String className, String method, String file, int line, boolean inLambda, boolean inLoop) {
        String where() {
            return file + ":" + line;
        }
    }

    private LearnerCode() {
    }

    /** Every place the learner's classes in {@code classes} create an object of {@code type} (e.g. "java/util/concurrent/Semaphore"). */
    static List<Site> creations(Path classes, String type, List<String> skipClasses) {
        var sites = new ArrayList<Site>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassModel model = ClassFile.of().parse(Files.readAllBytes(file));
                String owner = model.thisClass().asInternalName();
                String top = ThreadSummary.topLevel(owner);
                if (skipClasses.contains(top)) {
                    continue;
                }
                String source = model.findAttribute(java.lang.classfile.Attributes.sourceFile())
                        .map(a -> a.sourceFile().stringValue()).orElse(top + ".java");
                for (MethodModel method : model.methods()) {
                    method.code().ifPresent(code -> sites.addAll(scan(owner, source, method, code.elementList(), type)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable classes give no evidence; the advice stays general.
        }
        return sites;
    }

    private static List<Site> scan(String owner, String source, MethodModel method, List<CodeElement> code, String type) {
        String name = method.methodName().stringValue();
        // A lambda's body, or a method of an anonymous class (new Callable<>() { ... }, named Outer$1).
        String last = owner.substring(owner.lastIndexOf('$') + 1);
        boolean lambda = name.startsWith("lambda$") || (owner.contains("$") && !last.isEmpty() && last.chars().allMatch(Character::isDigit));
        // A loop is a branch back to a label seen before it: everything between that label and the branch is inside.
        Map<Label, Integer> labelAt = new HashMap<>();
        var loops = new ArrayList<int[]>();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof LabelTarget target) {
                labelAt.put(target.label(), i);
            } else if (code.get(i) instanceof BranchInstruction branch && labelAt.containsKey(branch.target())) {
                loops.add(new int[] {labelAt.get(branch.target()), i});
            }
        }
        var sites = new ArrayList<Site>();
        int line = 0;
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof LineNumber number) {
                line = number.line();
            } else if (code.get(i) instanceof NewObjectInstruction created
                    && created.className().asInternalName().equals(type)) {
                int at = i;
                boolean inLoop = loops.stream().anyMatch(l -> l[0] <= at && at <= l[1]);
                sites.add(new Site(owner.replace('/', '.'), name, source, line, lambda, inLoop));
            }
        }
        return sites;
    }
}
