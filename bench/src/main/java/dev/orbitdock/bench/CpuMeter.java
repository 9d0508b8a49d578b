package dev.orbitdock.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU this JVM spent between {@link #start} and {@link Usage#stop}: the process total from the OS bean, and a
 * breakdown by thread name (as
 * Linux shortens it, digits as {@code #}, so a pool's threads add up) from {@code /proc/self/task} on Linux.
 * CPU per unit of work is the figure a busy machine does not distort, unlike wall-clock rates.
 */
final class CpuMeter {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long processNanos;
    private final Map<String, Long> ticksByPool;

    private CpuMeter(long processNanos, Map<String, Long> ticksByPool) {
        this.processNanos = processNanos;
        this.ticksByPool = ticksByPool;
    }

    static CpuMeter start() {
        return new CpuMeter(OS.getProcessCpuTime(), ticksByPool());
    }

    Usage stop() {
        Map<String, Long> now = ticksByPool();
        Map<String, Long> delta = new HashMap<>();
        now.forEach((pool, ticks) -> delta.put(pool, ticks - ticksByPool.getOrDefault(pool, 0L)));
        return new Usage(OS.getProcessCpuTime() - processNanos, delta);
    }

    /** @param ticksByPool clock ticks (1/100 s) per thread pool; threads that ended in between are missing */
    record Usage(long processNanos, Map<String, Long> ticksByPool) {
        void print(String what, long units) {
            long jit = ticksByPool.entrySet().stream().filter(e -> e.getKey().startsWith("C# Compiler"))
                    .mapToLong(Map.Entry::getValue).sum();
            System.out.printf("%s: process CPU %.2f s = %.1f us per command (JIT compiler threads %.2f s of it,"
                    + " %.1f us per command without them)%n", what, processNanos / 1e9, processNanos / 1e3 / units,
                    jit / 100.0, (processNanos - jit * 10_000_000L) / 1e3 / units);
            ticksByPool.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .forEach(e -> System.out.printf("%s:   %-32s %6.2f s%n", what, e.getKey(), e.getValue() / 100.0));
        }
    }

    private static Map<String, Long> ticksByPool() {
        Map<String, Long> ticks = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return ticks;
        }
        try (var threads = Files.list(tasks)) {
            for (Path task : threads.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name.replaceAll("\\d+", "#"), Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                            Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }
}
