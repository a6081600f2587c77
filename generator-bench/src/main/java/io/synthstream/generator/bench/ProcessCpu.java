package io.synthstream.generator.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time that named processes on this machine (the broker, the generator replicas, this bench) spent
 * during a measured phase. Where everything shares one machine, end-to-end throughput is bounded by the sum
 * of their CPU per sample, not by the least of the in-process and Kafka ceilings, each of which had every core
 * to itself: this shows that bound and what each process costs per sample (a sizing figure).
 */
final class ProcessCpu {
    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();

    /** @param named {@code name=pid} pairs; this bench's own process is always added */
    ProcessCpu(List<String> named) {
        for (String n : named) {
            int eq = n.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--cpu-of takes NAME=PID, got " + n);
            long pid = Long.parseLong(n.substring(eq + 1).trim());
            processes.put(n.substring(0, eq), ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalArgumentException("no process " + pid + " (" + n + ")")));
        }
        processes.put("bench (load, reader)", ProcessHandle.current());
    }

    /** CPU time so far of each process, nanoseconds (-1 where the system does not say). */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        processes.forEach((name, p) -> out.put(name, p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L)));
        return out;
    }

    /**
     * One line: cores each process used between the two snapshots and its CPU µs per sample, their sum, and
     * the samples/s this machine's cores allow at that cost.
     */
    static String report(Map<String, Long> before, Map<String, Long> after, long wallNanos, long samples) {
        List<String> parts = new ArrayList<>();
        long total = 0;
        for (var e : after.entrySet()) {
            Long b = before.get(e.getKey());
            if (b == null || b < 0 || e.getValue() < 0) continue;
            long used = e.getValue() - b;
            total += used;
            parts.add(String.format("%s %.2f cores %.1f µs", e.getKey(), (double) used / wallNanos, used / 1e3 / samples));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format("%s; all %.2f of %d cores, %.1f µs of CPU per sample → at most ~%,.0f samples/s on this machine",
                String.join(", ", parts), (double) total / wallNanos, cores, total / 1e3 / samples, cores * 1e9 * samples / total);
    }
}
