package io.synthstream.trainer.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Saves parameter values by name and restores them IN PLACE. Block.loadParameters would swap in new
 * arrays, but a live Trainer's ParameterStore and the optimiser keep the old ones, so a resumed run
 * would silently train the stale weights.
 */
final class ParameterValues {
    private ParameterValues() {
    }

    static void save(ParameterList params, DataOutputStream out) throws IOException {
        out.writeInt(params.size());
        for (Pair<String, Parameter> p : params) {
            byte[] bytes = p.getValue().getArray().encode();
            out.writeUTF(p.getKey());
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    /**
     * to ← from, in place. Not {@code copyTo}: DJL's copy runs under libtorch's deprecated AutoNonVariableTypeMode, which
     * prints a deprecation warning into every training log; in-place arithmetic does the same without it.
     */
    static void assign(NDArray from, NDArray to) {
        to.muli(0).addi(from);
    }

    /** Every value of {@code from} into the same-shaped {@code to}, in place (e.g. a weight average's start). */
    static void copy(ParameterList from, ParameterList to) {
        for (int i = 0; i < from.size(); i++) assign(from.get(i).getValue().getArray(), to.get(i).getValue().getArray());
    }

    static void restore(ParameterList params, NDManager manager, DataInputStream in) throws IOException {
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : params) byName.put(p.getKey(), p.getValue());
        int n = in.readInt();
        if (n != byName.size()) throw new IOException("checkpoint has " + n + " parameters, the network " + byName.size());
        try (NDManager tmp = manager.newSubManager()) {
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] bytes = in.readNBytes(in.readInt());
                Parameter target = byName.get(name);
                if (target == null) throw new IOException("checkpoint parameter " + name + " is not in the network");
                NDArray saved = NDArray.decode(tmp, bytes);
                if (!saved.getShape().equals(target.getArray().getShape())) {
                    throw new IOException("checkpoint parameter " + name + " has shape " + saved.getShape() + ", the network "
                            + target.getArray().getShape());
                }
                assign(saved, target.getArray());
            }
        }
    }
}
