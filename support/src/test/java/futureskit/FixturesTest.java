package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturesTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Fixtures.PROPERTY);
    }

    @Test
    void listsTheBooks194CodesUpperCaseSortedAndDistinct() {
        List<String> codes = Fixtures.countryCodes();
        assertThat(codes).hasSize(194).doesNotHaveDuplicates().isSorted()
                .allMatch(cc -> cc.matches("[A-Z]{2}"))
                .contains("AD", "SS", "ZW");
    }

    @Test
    void pop20IsTheBooksListAndASubsetOfTheCodes() {
        assertThat(Fixtures.POP20_CC).containsExactly("CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
                "MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR");
        assertThat(Fixtures.countryCodes()).containsAll(Fixtures.POP20_CC);
    }

    @Test
    void everyCodeHasAGifThatMatchesItsDigest() throws IOException {
        assertThat(Fixtures.digests().keySet())
                .containsExactlyInAnyOrderElementsOf(Fixtures.countryCodes().stream()
                        .map(cc -> cc.toLowerCase(Locale.ROOT)).toList());
        for (String cc : Fixtures.countryCodes()) {
            String lower = cc.toLowerCase(Locale.ROOT);
            Path file = Fixtures.flagsDir().resolve(lower).resolve(lower + ".gif");
            assertThat(file).as(cc).isRegularFile();
            byte[] bytes = Files.readAllBytes(file);
            assertThat(new String(bytes, 0, 6, StandardCharsets.US_ASCII)).as(cc).startsWith("GIF8");
            assertThat(Fixtures.sha256(file)).as(cc).isEqualTo(Fixtures.digests().get(lower));
            assertThat(Fixtures.matches(cc, bytes)).as(cc).isTrue();
            assertThat(Fixtures.flag(cc)).as(cc).isEqualTo(bytes);
        }
    }

    @Test
    void matchesRejectsOtherBytesAndUnknownCodes() {
        byte[] cn = Fixtures.flag("CN");
        assertThat(Fixtures.matches("cn", cn)).isTrue();
        assertThat(Fixtures.matches(" Cn ", cn)).isTrue();
        assertThat(Fixtures.matches("in", cn)).isFalse();
        byte[] changed = cn.clone();
        changed[changed.length - 2] ^= 1;
        assertThat(Fixtures.matches("cn", changed)).isFalse();
        assertThat(Fixtures.matches("xx", cn)).isFalse();
    }

    @Test
    void flagReturnsACopyAndIsCaseInsensitive() {
        byte[] first = Fixtures.flag("cn");
        first[0] = 0;
        assertThat(Fixtures.flag("CN")).startsWith('G', 'I', 'F').isEqualTo(Fixtures.flag("cN"));
        assertThatThrownBy(() -> Fixtures.flag("../cn")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sha256IsTheStandardDigest() {
        // FIPS 180-2 test vector for "abc"
        assertThat(Fixtures.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void countryNamesComeFromTheJdk() {
        assertThat(Fixtures.countryName("cn")).isEqualTo("China");
        assertThat(Fixtures.countryName("BR")).isEqualTo("Brazil");
        assertThat(Fixtures.countryName("ss")).isEqualTo("South Sudan");
        assertThat(Fixtures.countryCodes()).allSatisfy(cc -> assertThat(Fixtures.countryName(cc)).isNotEqualTo(cc));
    }

    @Test
    void propertyPointsAtTheFixtures(@TempDir Path tmp) throws IOException {
        Path fake = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(fake.resolve("country_codes.txt"), "zz\nAA\n");
        System.setProperty(Fixtures.PROPERTY, fake.toString());
        assertThat(Fixtures.root()).isEqualTo(fake.toAbsolutePath().normalize());
        assertThat(Fixtures.flagsDir()).isEqualTo(fake.toAbsolutePath().normalize().resolve("flags"));
        assertThat(Fixtures.countryCodes()).containsExactly("AA", "ZZ");
    }

    @Test
    void clearErrorWhenThePropertyPointsAtAFolderWithoutFixtures(@TempDir Path empty) {
        System.setProperty(Fixtures.PROPERTY, empty.toString());
        assertThatThrownBy(Fixtures::root)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Fixtures.PROPERTY)
                .hasMessageContaining(empty.toAbsolutePath().normalize().toString())
                .hasMessageContaining("country_codes.txt");
        assertThatThrownBy(Fixtures::countryCodes).isInstanceOf(IllegalStateException.class);
    }

    /**
     * The walk up from the working directory needs a JVM started elsewhere (the working directory of a running
     * JVM cannot change), so this runs a small program in a child JVM from a subfolder of the kit and from an
     * empty folder.
     */
    @Test
    void rootIsFoundWalkingUpFromASubfolderAndExplainedWhenMissing(@TempDir Path empty) throws Exception {
        Path fixtures = Fixtures.root();
        Path subfolder = fixtures.resolve("flags").resolve("cn");

        Run found = runRoot(subfolder);
        assertThat(found.exit).as(found.output).isZero();
        assertThat(found.output.strip()).isEqualTo(fixtures.toString());

        Run missing = runRoot(empty);
        assertThat(missing.exit).as(missing.output).isNotZero();
        assertThat(missing.output)
                .contains("IllegalStateException")
                .contains("fixtures/country_codes.txt")
                .contains(empty.toAbsolutePath().normalize().toString())
                .contains(Fixtures.PROPERTY).contains(Fixtures.ENV);
    }

    record Run(int exit, String output) {
    }

    private static Run runRoot(Path workingDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The two class folders, not java.class.path: surefire may hide the classpath in a manifest-only jar.
        String classpath = codeSource(Fixtures.class) + File.pathSeparator + codeSource(PrintRoot.class);
        var command = new ArrayList<>(List.of(java, "-cp", classpath, PrintRoot.class.getName()));
        var builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().remove(Fixtures.ENV);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Entry point of the child JVM. */
    public static final class PrintRoot {
        public static void main(String[] args) {
            System.out.println(Fixtures.root());
        }
    }
}
