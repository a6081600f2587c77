package io.synthstream.generator.requests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.onnx.proto.OnnxMl;
import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.ArtifactRefusedException;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelLease;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.generator.samples.SampleRecords;
import io.synthstream.onnx.Uint8Output;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving path without Kafka: loading, the registry's reference counting, dynamic batching. */
class ServingPathTest {
    @TempDir
    static Path tmp;
    static GeneratorLoader loader;

    @BeforeAll
    static void setUp() {
        System.setProperty("ai.djl.offline", "true");
        loader = new GeneratorLoader(Device.cpu(), tmp);
    }

    static ModelVersionPublished event(String model, long version, int latent) {
        return new ModelVersionPublished(model, version, null, null, TestModelPublisher.contract(latent), null, "t", "mnist", "t",
                Instant.now());
    }

    static LoadedGenerator load(String model, long version) throws ArtifactRefusedException {
        return loader.load(event(model, version, TestModelPublisher.LATENT),
                TestGenerators.linearTanh(TestModelPublisher.LATENT, 10, 28, 28, version, 0f));
    }

    static PlannedRequest plan(LoadedGenerator g, String id, int count, long seed) {
        return plan(g, id, count, seed, null);
    }

    static PlannedRequest plan(LoadedGenerator g, String id, int count, long seed, String format) {
        var r = new GenerationRequested(id, g.modelName(), null, count, null, null, seed, format, null);
        return new PlannedRequest(r, ModelLease.take(g).orElseThrow(), r.resolveLabels(10), seed, "t", 0, 0);
    }

    static Map<String, float[]> run(DynamicBatcher batcher, List<PlannedRequest> requests) {
        Map<String, List<DynamicBatcher.Slice>> slices = new HashMap<>();
        batcher.run(requests, s -> slices.computeIfAbsent(s.request().request().requestId(), k -> new ArrayList<>()).add(s));
        Map<String, float[]> out = new HashMap<>();
        slices.forEach((id, list) -> {
            int total = list.stream().mapToInt(s -> s.values().length).sum();
            float[] all = new float[total];
            int at = 0;
            for (var s : list) {
                assertEquals(s.index(), list.indexOf(s), "slices arrive in order");
                System.arraycopy(s.values(), 0, all, at, s.values().length);
                at += s.values().length;
            }
            assertTrue(list.get(list.size() - 1).last());
            out.put(id, all);
        });
        return out;
    }

    @Test
    void samplesDoNotDependOnHowRequestsWereBatched() throws Exception {
        LoadedGenerator g = load("m", 1);
        try {
            List<Integer> small = new ArrayList<>(), large = new ArrayList<>();
            var a = run(new DynamicBatcher(7, 5, small::add), List.of(plan(g, "x", 23, 5), plan(g, "y", 4, 6)));
            var b = run(new DynamicBatcher(512, 256, large::add), List.of(plan(g, "x", 23, 5), plan(g, "y", 4, 6)));
            assertArrayEquals(a.get("x"), b.get("x"));
            assertArrayEquals(a.get("y"), b.get("y"));
            assertEquals(23 * 784, a.get("x").length);
            assertEquals(List.of(27), large, "both requests share one inference call");
            assertTrue(small.stream().allMatch(n -> n <= 7) && small.stream().mapToInt(Integer::intValue).sum() == 27, small.toString());
        } finally {
            g.release();
        }
    }

    @Test
    void aLatentScaleMultipliesTheSeedsLatents() throws Exception {
        LoadedGenerator g = load("m", 1);
        try {
            var r = new GenerationRequested("w", g.modelName(), null, 3, null, null, 9L, null, null, 2.0);
            var wide = run(new DynamicBatcher(512, 256, n -> { }), List.of(new PlannedRequest(r, ModelLease.take(g).orElseThrow(), r.resolveLabels(10),
                    9, "t", 0, 0))).get("w");
            var usual = run(new DynamicBatcher(512, 256, n -> { }), List.of(plan(g, "u", 3, 9))).get("u");
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
            float[] z = new float[3 * g.latentSize()];
            for (int i = 0; i < z.length; i++) z[i] = (float) (2.0 * rnd.nextGaussian());
            assertArrayEquals(g.generate(z, r.resolveLabels(10), true, false).values(), wide, "the seed's draws, times 2");
            assertFalse(java.util.Arrays.equals(usual, wide));
        } finally {
            g.release();
        }
    }

    @Test
    void greyLevelsComeFromTheGraphAndFollowTheDocumentedRounding() throws Exception {
        LoadedGenerator g = load("m", 3);
        try {
            assertTrue(g.greyLevelsFromGraph(), "the load-time check found the graph's rounding exact on the CPU");
            Map<String, DynamicBatcher.Slice> slices = new HashMap<>();
            List<Integer> calls = new ArrayList<>();
            // the same seed three times, in one inference call: the float values, their grey levels, their PNGs
            new DynamicBatcher(512, 256, calls::add).run(List.of(plan(g, "f", 6, 9, SampleFormat.FLOAT32.wireName()),
                    plan(g, "u", 6, 9, SampleFormat.UINT8.wireName()), plan(g, "p", 6, 9, SampleFormat.PNG.wireName())),
                    s -> slices.put(s.request().request().requestId(), s));
            assertEquals(List.of(18), calls);
            float[] values = slices.get("f").values();
            assertNull(slices.get("f").greyLevels(), "a float32 request copies no grey levels");
            assertNull(slices.get("u").values(), "a uint8 request copies no float values");
            byte[] expected = new byte[values.length];
            for (int i = 0; i < values.length; i++) expected[i] = (byte) SampleGrids.pixel(values[i]);
            assertArrayEquals(expected, slices.get("u").greyLevels());
            assertArrayEquals(expected, SampleRecords.samples(slices.get("u")).value());
            DataInputStream png = new DataInputStream(new ByteArrayInputStream(SampleRecords.samples(slices.get("p")).value()));
            for (int s = 0; s < 6; s++) {
                byte[] one = new byte[png.readInt()];
                png.readFully(one);
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(one));
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        assertEquals(expected[s * 784 + y * 28 + x] & 0xff, img.getRaster().getSample(x, y, 0), "sample " + s);
                    }
                }
            }
        } finally {
            g.release();
        }
    }

    @Test
    void aVersionWithAnOpsetBeforeTheGreyLevelOperatorsIsServedWithJavaRounding() throws Exception {
        byte[] old = OnnxMl.ModelProto.parseFrom(TestGenerators.linearTanh(TestModelPublisher.LATENT, 10, 28, 28, 4, 0f)).toBuilder()
                .clearOpsetImport().addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(Uint8Output.MIN_OPSET - 1))
                .build().toByteArray();
        LoadedGenerator g = loader.load(event("old", 1, TestModelPublisher.LATENT), old);
        try {
            assertFalse(g.greyLevelsFromGraph());
            Map<String, DynamicBatcher.Slice> slices = new HashMap<>();
            new DynamicBatcher(512, 256, n -> { }).run(List.of(plan(g, "f", 4, 2, SampleFormat.FLOAT32.wireName()),
                    plan(g, "u", 4, 2, SampleFormat.UINT8.wireName())), s -> slices.put(s.request().request().requestId(), s));
            float[] values = slices.get("f").values();
            byte[] expected = new byte[values.length];
            for (int i = 0; i < values.length; i++) expected[i] = (byte) SampleGrids.pixel(values[i]);
            assertArrayEquals(values, slices.get("u").values(), "the uint8 request got the values to round");
            assertArrayEquals(expected, SampleRecords.samples(slices.get("u")).value());
        } finally {
            g.release();
        }
    }

    @Test
    void smallRequestsAreCoalescedAndLargeOnesSplit() throws Exception {
        LoadedGenerator g = load("m", 2);
        try {
            List<Integer> calls = new ArrayList<>();
            List<PlannedRequest> smalls = new ArrayList<>();
            for (int i = 0; i < 10; i++) smalls.add(plan(g, "s" + i, 3, i));
            run(new DynamicBatcher(16, 4, calls::add), smalls);
            assertEquals(List.of(15, 15), calls);
            calls.clear();
            run(new DynamicBatcher(8, 4, calls::add), List.of(plan(g, "big", 20, 1)));
            assertEquals(List.of(8, 8, 4), calls);
        } finally {
            g.release();
        }
    }

    @Test
    void aSwappedOutVersionStaysOpenUntilItsLastBatchEnds() throws Exception {
        ModelRegistry registry = new ModelRegistry(1, g -> { });
        LoadedGenerator v1 = load("r", 1);
        registry.add(v1);
        ModelLease held = registry.lease("r", null).orElseThrow(); // a batch in flight on v1
        registry.add(load("r", 2));
        assertEquals(2L, registry.liveVersion("r").orElseThrow());
        assertTrue(registry.lease("r", 1L).isEmpty(), "v1 is no longer offered");
        assertFalse(held.generator().isClosed());
        assertEquals(784, held.generator().generate(new float[TestModelPublisher.LATENT], new int[] {3}).length, "v1 still answers its batch");
        held.close();
        assertTrue(held.generator().isClosed(), "closed once the batch is done");
        registry.clear();
    }

    /** A registry keeping 2 versions, telling its swaps to {@code swapped}, with the given versions of the model loaded. */
    private static ModelRegistry registryWith(List<LoadedGenerator> swapped, String model, long... versions) throws Exception {
        ModelRegistry registry = new ModelRegistry(2, swapped::add);
        for (long v : versions) registry.add(load(model, v));
        return registry;
    }

    private static ModelRolloutChanged policy(String model, String mode, Long live, Double share) {
        return new ModelRolloutChanged(model, mode, live, share, "test", Instant.now());
    }

    @Test
    void theVersionARollbackPinsStaysLoadedWhileNewerVersionsArrive() throws Exception {
        List<LoadedGenerator> swapped = new ArrayList<>();
        ModelRegistry registry = registryWith(swapped, "k", 1, 2);
        swapped.clear();
        registry.setPolicy(policy("k", "immediate", 1L, null));
        assertEquals(List.of(1L), swapped.stream().map(LoadedGenerator::version).toList(), "a rollback is told as a swap");
        assertTrue(registry.add(load("k", 3)));
        assertTrue(registry.add(load("k", 4)));
        assertEquals(Map.of("k", List.of(1L, 3L, 4L)), registry.loadedVersions(), "the newest 2 and the pinned one");
        assertEquals(1L, registry.liveVersion("k").orElseThrow(), "the rollback holds");
        registry.setPolicy(policy("k", "immediate", null, null));
        assertEquals(Map.of("k", List.of(3L, 4L)), registry.loadedVersions(), "no longer pinned: pushed out");
        assertEquals(4L, registry.liveVersion("k").orElseThrow());
        assertEquals(Map.of(), registry.pinsNotServed());
        registry.setPolicy(policy("k", "immediate", 2L, null));
        assertEquals(Map.of("k", "v2 is pinned live but not loaded here; v4 answers"), registry.pinsNotServed(),
                "a pin this replica cannot honour (yet) is told, not silently replaced by the newest");
        registry.add(load("k", 2)); // loaded again for the new pin
        assertEquals(2L, registry.liveVersion("k").orElseThrow());
        assertEquals(Map.of(), registry.pinsNotServed());
        swapped.clear();
        registry.clearPolicy("k");
        assertTrue(registry.policy("k").isEmpty(), "a tombstone removes the policy");
        assertEquals(Map.of("k", List.of(3L, 4L)), registry.loadedVersions(), "and with it the pin");
        assertEquals(List.of(4L), swapped.stream().map(LoadedGenerator::version).toList(), "the newest is live again, told as a swap");
        registry.clear();

        // at start the follower loads newest first, then the pinned one
        ModelRegistry starting = new ModelRegistry(2, g -> { });
        starting.setPolicy(policy("s", "immediate", 1L, null));
        starting.add(load("s", 3));
        starting.add(load("s", 2));
        assertTrue(starting.add(load("s", 1)), "the pinned version is kept although older than the kept ones");
        assertEquals(1L, starting.liveVersion("s").orElseThrow());
        starting.clear();
    }

    @Test
    void aRetiredVersionIsDroppedUnlessItIsTheModelsLastOne() throws Exception {
        List<LoadedGenerator> swapped = new ArrayList<>();
        ModelRegistry registry = registryWith(swapped, "t", 1, 2);
        ModelLease held = registry.lease("t", 1L).orElseThrow(); // a pinned batch in flight on v1

        assertTrue(registry.retire("t", 1));
        assertTrue(registry.lease("t", 1L).isEmpty(), "a retired version is no longer offered");
        assertEquals(2L, registry.liveVersion("t").orElseThrow());
        assertTrue(held.generator().generate(new float[TestModelPublisher.LATENT], new int[] {3}).length > 0,
                "the batch in flight still finishes on v1");
        held.close();

        assertFalse(registry.retire("t", 2), "the model's only version keeps serving");
        assertEquals(Map.of("t", List.of(2L)), registry.loadedVersions());
        assertFalse(registry.retire("t", 7), "a version that is not loaded here");

        registry.add(load("t", 3));
        swapped.clear();
        assertTrue(registry.retire("t", 3), "retiring the newest hands live back to the one before");
        assertEquals(2L, registry.liveVersion("t").orElseThrow());
        assertEquals(List.of(2L), swapped.stream().map(LoadedGenerator::version).toList(), "told as a swap");
        registry.clear();
    }

    @Test
    void rolloutPoliciesPickTheLiveAndCanaryVersions() throws Exception {
        ModelRegistry registry = new ModelRegistry(2, g -> { });
        registry.add(load("p", 1));
        registry.add(load("p", 2));
        assertEquals(2L, served(registry, "any"), "no policy: the newest is live");
        registry.setPolicy(policy("p", "immediate", 1L, null));
        assertEquals(1L, registry.liveVersion("p").orElseThrow());
        assertEquals(1L, served(registry, "any"), "rolled back");
        registry.setPolicy(policy("p", "canary", 1L, 0.25));
        int canary = 0;
        for (int i = 0; i < 4000; i++) if (served(registry, "req-" + i) == 2L) canary++;
        assertTrue(canary > 800 && canary < 1200, "about a quarter goes to the canary: " + canary);
        assertEquals(served(registry, "req-7"), served(registry, "req-7"), "a request is routed the same way every time");
        try (ModelLease pinned = registry.lease("p", 2L, "x").orElseThrow()) {
            assertEquals(2L, pinned.generator().version());
        }
        registry.clear();
    }

    static long served(ModelRegistry registry, String key) {
        try (ModelLease lease = registry.lease("p", null, key).orElseThrow()) {
            return lease.generator().version();
        }
    }

    @Test
    void aContractThatTheArtifactDoesNotHonourIsRefused() {
        byte[] onnx = TestGenerators.linearTanh(TestModelPublisher.LATENT, 10, 28, 28, 1, 0f);
        var e = assertThrows(ArtifactRefusedException.class, () -> loader.load(event("c", 1, 16), onnx));
        assertTrue(e.getMessage().startsWith("c/1: does not honour its contract"), e.getMessage());
        var e2 = assertThrows(ArtifactRefusedException.class, () -> loader.load(event("c", 2, 8), new byte[] {1, 2, 3}));
        assertTrue(e2.getMessage().startsWith("c/2: cannot serve the artifact: not an ONNX model"), e2.getMessage());
        var e3 = assertThrows(ArtifactRefusedException.class, () -> loader.load(new ModelVersionPublished("c", 3, null, null,
                new ModelVersionPublished.GeneratorContract("z", "label", "image", TestModelPublisher.LATENT, 10, List.of(), List.of(1, 28, 28),
                        -1, 1, 17), null, "t", "mnist", "t", Instant.now()), onnx));
        assertTrue(e3.getMessage().contains("no output 'image'"), "an output the contract names but the graph lacks: " + e3.getMessage());
    }
}
