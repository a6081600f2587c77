package io.synthstream.generator.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lease on a version from the registry: released once however often it is closed; a swapped-out version lives until its last lease. */
class ModelLeaseTest {
    @TempDir
    Path tmp;

    private LoadedGenerator load(long version) throws ArtifactRefusedException {
        System.setProperty("ai.djl.offline", "true"); // before DJL loads: nothing is downloaded
        var event = new ModelVersionPublished("lease", version, null, null, TestModelPublisher.contract(TestModelPublisher.LATENT), null, "t",
                "mnist", "t", Instant.now());
        return new GeneratorLoader(Device.cpu(), tmp).load(event, TestGenerators.linearTanh(TestModelPublisher.LATENT, 10, 28, 28, version, 0f));
    }

    /** A registry that keeps one version, v1 loaded. */
    private ModelRegistry registryWithV1() throws ArtifactRefusedException {
        var registry = new ModelRegistry(1, g -> { });
        registry.add(load(1));
        return registry;
    }

    @Test
    void aSwappedOutVersionClosesOnlyWhenItsLastLeaseIsClosedAndADoubleCloseReleasesOnce() throws Exception {
        var registry = registryWithV1();
        ModelLease first = registry.lease("lease", null).orElseThrow();
        ModelLease second = registry.lease("lease", null).orElseThrow();
        LoadedGenerator v1 = first.generator();
        registry.add(load(2)); // v1 swapped out: only the two leases hold it
        assertEquals(2L, registry.liveVersion("lease").orElseThrow());
        first.close();
        first.close(); // harmless: had it released twice, v1 would close under the second lease
        assertFalse(v1.isClosed(), "the second lease still holds v1");
        assertEquals(784, second.generator().generate(new float[TestModelPublisher.LATENT], new int[] {3}).length, "and v1 answers its batch");
        second.close();
        assertTrue(v1.isClosed(), "closed with its last lease");
        assertTrue(ModelLease.take(v1).isEmpty(), "a closed version is leased no more");
        registry.clear();
    }

    @Test
    void aLeaseReleasesOnEveryWayOutOfItsBlock() throws Exception {
        var registry = registryWithV1();
        LoadedGenerator v1;
        try (ModelLease lease = registry.lease("lease", 1L).orElseThrow()) {
            v1 = lease.generator();
        }
        assertThrows(IllegalStateException.class, () -> {
            try (ModelLease lease = registry.lease("lease", 1L).orElseThrow()) {
                throw new IllegalStateException("an answer that fails");
            }
        });
        registry.clear(); // the registry's own reference: v1 closes only if both leases were released
        assertTrue(v1.isClosed());
    }

    @Test
    void aHandedOverLeaseIsReleasedByItsNewHolderOnly() throws Exception {
        var registry = registryWithV1();
        ModelLease planned;
        try (ModelLease lease = registry.lease("lease", 1L).orElseThrow()) {
            planned = lease.handOver(); // as the planner hands it to a planned request
            assertThrows(IllegalStateException.class, lease::handOver, "a reference is handed over once");
        }
        LoadedGenerator v1 = planned.generator();
        registry.clear();
        assertFalse(v1.isClosed(), "closing the handed-over lease released nothing: the planned request still holds v1");
        planned.close();
        assertTrue(v1.isClosed());
    }
}
