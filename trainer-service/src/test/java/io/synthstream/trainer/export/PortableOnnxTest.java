package io.synthstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.onnx.Int8Quantization;
import io.synthstream.testing.SyntheticMnist;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.gan.GanArchitecture;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freshly exported generators (MLP, DCGAN, int8 MLP) as other runtimes load them: every node's domain is one its
 * model imports (the default domain written as "", never "ai.onnx", which onnx.checker refuses when only "" is
 * imported). The files are left in target/portable-onnx/ for .ci/run, which checks them with Debian's python3-onnx
 * (tools/check-onnx.py: the checker with full, strict shape inference).
 */
class PortableOnnxTest {
    static final GanShape SHAPE = new GanShape(16, 10, 28, 28);
    static final Path OUT = Path.of("target", "portable-onnx");

    @Test
    void everyNodeIsInAnImportedDomain(@TempDir Path tmp) throws Exception {
        DjlRuntime.configure(null);
        var data = new DatasetCatalog(SyntheticMnist.write(tmp.resolve("data"), 10, 10)).load("mnist");
        Files.createDirectories(OUT);
        for (String arch : List.of(TrainingJobRequested.ARCH_CONDITIONAL_MLP, TrainingJobRequested.ARCH_CONDITIONAL_DCGAN)) {
            var job = new TrainingJobRequested("t", "mnist", arch, null, 2, 8, null, null, SHAPE.latentSize(), 1L, null, null, 10, null)
                    .withDefaults();
            try (GanTraining t = new GanTraining(GanArchitecture.named(arch), SHAPE, job, data.train())) {
                byte[] onnx = GeneratorOnnx.write(t);
                check(arch, onnx);
                if (arch.equals(TrainingJobRequested.ARCH_CONDITIONAL_MLP)) check(arch + "-int8", Int8Quantization.quantizeGemms(onnx));
            }
        }
    }

    static void check(String name, byte[] onnx) throws Exception {
        Files.write(OUT.resolve(name + ".onnx"), onnx);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(onnx);
        Set<String> imported = model.getOpsetImportList().stream().map(o -> "'" + o.getDomain() + "'").collect(Collectors.toSet());
        Set<String> used = model.getGraph().getNodeList().stream().map(n -> n.getOpType() + "@'" + n.getDomain() + "'")
                .filter(n -> !imported.contains(n.substring(n.indexOf('\'')))).collect(Collectors.toSet());
        assertEquals(Set.of(), used, name + ": nodes whose domain is not imported (imports: " + imported + ")");
    }
}
