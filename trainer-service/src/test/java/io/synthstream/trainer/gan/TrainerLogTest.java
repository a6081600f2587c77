package io.synthstream.trainer.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's log on a machine without a GPU: one device line, no CUDA probe warnings, no libtorch deprecation
 * warning. libtorch writes to file descriptor 2 directly, past System.err, so a child JVM runs {@link TrainerLogMain}
 * and its whole output is read from a file.
 */
class TrainerLogTest {
    private static final Pattern LIBTORCH_WARNING = Pattern.compile("(?m)^\\[W");
    /** System properties of this test JVM (surefire's) the child gets too: logging backend, offline DJL, its cache. */
    private static final List<String> FORWARDED = List.of("java.util.logging.manager", "ai.djl.offline", "DJL_CACHE_DIR");

    @TempDir
    Path tmp;

    @Test
    void aCpuTrainingSaysSoOnceAndNothingNative() throws Exception {
        Path log = tmp.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1"));
        for (String key : FORWARDED) {
            String value = System.getProperty(key);
            if (value != null) command.add("-D" + key + "=" + value);
        }
        command.addAll(List.of("-cp", testClasspath(), TrainerLogMain.class.getName(), tmp.resolve("work").toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // a fresh DJL cache unpacks libtorch first (~430 MB); once unpacked the run takes seconds
        if (!child.waitFor(300, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the child training did not finish in 300 s:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("trained"), out);
        if (TrainingDevice.nvidiaDevicePresent(Path.of("/dev"))) {
            System.out.println("TrainerLogTest: /dev has an NVIDIA device, the CPU line and the muting are not checked");
        } else {
            assertEquals(1, count(out, "no GPU: training on the CPU"), out);
            assertFalse(out.contains("CUDA driver version is insufficient"), out);
        }
        assertFalse(out.contains("AutoNonVariableTypeMode"), out);
        assertFalse(out.contains("is deprecated"), out);
        assertFalse(LIBTORCH_WARNING.matcher(out).find(), "a libtorch warning:\n" + out);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
        return n;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * This JVM's test classpath. Surefire puts it in java.class.path even where it starts the fork from a manifest-only
     * jar; otherwise surefire.test.class.path, and last the Class-Path of a lone jar's manifest.
     */
    static String testClasspath() throws IOException, URISyntaxException {
        String testClasses = Path.of(TrainerLogMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        for (String key : List.of("java.class.path", "surefire.test.class.path")) {
            String cp = System.getProperty(key);
            if (cp != null && List.of(cp.split(File.pathSeparator)).contains(testClasses)) return cp;
        }
        String cp = System.getProperty("java.class.path");
        if (cp != null && !cp.contains(File.pathSeparator) && cp.endsWith(".jar")) {
            Path jar = Path.of(cp).toAbsolutePath();
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                String entries = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (entries != null) {
                    List<String> paths = new ArrayList<>();
                    for (String entry : entries.trim().split("\\s+")) {
                        paths.add(Path.of(jar.getParent().toUri().resolve(entry)).toString()); // relative or file: URIs
                    }
                    return String.join(File.pathSeparator, paths);
                }
            }
        }
        throw new IllegalStateException("cannot find the test classpath (java.class.path: " + cp + ")");
    }
}
