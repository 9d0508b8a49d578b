package dev.orbitdock.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU this JVM used between two snapshots, in total ({@code OperatingSystemMXBean.getProcessCpuTime()}) and by
 * kind of thread, from the kernel's per-thread counters in {@code /proc/self/task} (Linux only; 10 ms ticks; names
 * cut to 15 characters by the kernel). Child processes (git, the agents) are in neither: their CPU is theirs.
 *
 * <p>Kinds: {@code jit} (C1/C2 compiler threads), {@code gc} (G1 and GC worker threads), {@code orchestrator} (its
 * tick-loop thread, the persistence writer, the process reapers, and the virtual-thread carriers, on which the
 * launches, agent output pumps and exit watchers run), {@code bench} (this benchmark's main thread: issue files and
 * its once-per-500 ms count) and {@code jvm} (everything else: the VM thread, JFR, cleaners). A thread that ended
 * between the snapshots takes its ticks with it; that rest is reported as {@code ended} (with the kinds of the
 * threads known to have ended), never silently dropped.
 */
final class JvmCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** Process CPU and per-thread (tid → name, ticks) at one moment, with the wall clock. */
    record Snapshot(long processNanos, long wallNanos, Map<String, Thread> threads) {}

    record Thread(String name, long ticks) {}

    /** CPU of one window, nanoseconds by kind, with the wall time and the number of issues it served. */
    record Window(long processNanos, long wallNanos, Map<String, Long> byKind, int issues, Set<String> endedKinds) {
        double perIssueMs(String kind) {
            return byKind.getOrDefault(kind, 0L) / 1e6 / issues;
        }

        double totalPerIssueMs() {
            return processNanos / 1e6 / issues;
        }

        double issuesPerSecond() {
            return issues / (wallNanos / 1e9);
        }

        /** Percent of one core: CPU per issue times issues per second, i.e. CPU over wall time. */
        double percentOfCore(double perIssueMs) {
            return perIssueMs * issuesPerSecond() / 10;
        }

        String split() {
            StringBuilder out = new StringBuilder();
            for (String kind : new String[] {"orchestrator", "jit", "gc", "jvm", "bench", "ended"}) {
                out.append(String.format("%s%s %.2f", out.isEmpty() ? "" : ", ", kind, perIssueMs(kind)));
            }
            return out + " ms per issue" + (endedKinds.isEmpty() ? "" : " (ended threads: " + endedKinds + ")");
        }
    }

    private JvmCpu() {}

    static Snapshot snapshot() {
        return new Snapshot(OS.getProcessCpuTime(), System.nanoTime(), threads());
    }

    static Window between(Snapshot from, Snapshot to, int issues) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        long attributed = 0;
        for (var entry : to.threads().entrySet()) {
            Thread before = from.threads().get(entry.getKey());
            long ticks = entry.getValue().ticks() - (before == null ? 0 : before.ticks());
            byKind.merge(kind(entry.getValue().name()), ticks * NANOS_PER_TICK, Long::sum);
            attributed += ticks * NANOS_PER_TICK;
        }
        long process = to.processNanos() - from.processNanos();
        byKind.put("ended", Math.max(0, process - attributed));
        Set<String> endedKinds = new TreeSet<>();
        from.threads().forEach((tid, thread) -> {
            if (!to.threads().containsKey(tid)) {
                endedKinds.add(kind(thread.name()));
            }
        });
        return new Window(process, to.wallNanos() - from.wallNanos(), byKind, issues, endedKinds);
    }

    /** Thread names as the kernel has them: at most 15 characters. */
    static String kind(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("G1 ") || name.startsWith("GC Thread")) {
            return "gc";
        }
        if (name.equals("orchestrator") || name.startsWith("persistence-wri") || name.equals("process reaper")
                || name.startsWith("ForkJoinPool-")) {
            return "orchestrator";
        }
        return name.equals("main") ? "bench" : "jvm";
    }

    private static Map<String, Thread> threads() {
        Map<String, Thread> threads = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return threads;
        }
        try (var list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    threads.put(task.getFileName().toString(),
                            new Thread(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }
}
