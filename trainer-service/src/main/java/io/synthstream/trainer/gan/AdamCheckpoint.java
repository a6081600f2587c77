package io.synthstream.trainer.gan;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

/**
 * Saves and restores the state of DJL's {@link Adam} (first and second moments, update counts).
 * DJL keeps that state private and keyed by per-run random parameter ids, so we read the fields
 * reflectively and key the saved state by the parameters' stable path names instead. Kept in one
 * place so a DJL upgrade that renames the fields fails loudly here, in the resume test.
 */
final class AdamCheckpoint {
    private AdamCheckpoint() {
    }

    static void save(Adam adam, ParameterList params, DataOutputStream out) throws IOException {
        Map<String, Map<Device, NDArray>> means = field(Adam.class, adam, "means");
        Map<String, Map<Device, NDArray>> variances = field(Adam.class, adam, "variances");
        Map<String, Integer> counts = field(Optimizer.class, adam, "updateCounts");
        out.writeInt(params.size());
        for (Pair<String, Parameter> p : params) {
            String id = p.getValue().getId();
            out.writeUTF(p.getKey());
            out.writeInt(counts.getOrDefault(id, 0));
            writeArray(out, single(means.get(id)));
            writeArray(out, single(variances.get(id)));
        }
    }

    static void restore(Adam adam, ParameterList params, NDManager manager, DataInputStream in) throws IOException {
        Map<String, Map<Device, NDArray>> means = field(Adam.class, adam, "means");
        Map<String, Map<Device, NDArray>> variances = field(Adam.class, adam, "variances");
        Map<String, Integer> counts = field(Optimizer.class, adam, "updateCounts");
        Map<String, String> idsByName = new HashMap<>();
        for (Pair<String, Parameter> p : params) idsByName.put(p.getKey(), p.getValue().getId());
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            String id = idsByName.get(name);
            if (id == null) throw new IOException("checkpoint has optimizer state for unknown parameter " + name);
            counts.put(id, in.readInt());
            NDArray m = readArray(in, manager);
            NDArray v = readArray(in, manager);
            if (m != null) means.put(id, new java.util.concurrent.ConcurrentHashMap<>(Map.of(m.getDevice(), m)));
            if (v != null) variances.put(id, new java.util.concurrent.ConcurrentHashMap<>(Map.of(v.getDevice(), v)));
        }
    }

    private static NDArray single(Map<Device, NDArray> perDevice) {
        return perDevice == null || perDevice.isEmpty() ? null : perDevice.values().iterator().next();
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = a.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
        int len = in.readInt();
        if (len < 0) return null;
        byte[] bytes = in.readNBytes(len);
        NDArray a = NDArray.decode(manager, bytes);
        a.detach();
        a.attach(manager);
        return a;
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Class<?> owner, Object target, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return (T) f.get(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DJL's " + owner.getSimpleName() + "." + name + " is gone: update AdamCheckpoint", e);
        }
    }
}
