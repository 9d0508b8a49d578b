package dev.orbitdock.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU this JVM spent between {@link #start} and {@link #stop}: the process total from the OS bean, and a breakdown by
 * Java thread name (digits as {@code #}, so a pool's threads add up) from the thread bean. Virtual threads count on
 * their carriers ({@code ForkJoinPool-#-worker-#}); what no Java thread accounts for (JIT compilers, GC, threads that
 * ended in between) is the rest. CPU per unit of work is the figure a busy machine does not distort, unlike rates.
 */
final class CpuMeter {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long processNanos;
    private final Map<Long, Long> nanosByThread;

    private CpuMeter(long processNanos, Map<Long, Long> nanosByThread) {
        this.processNanos = processNanos;
        this.nanosByThread = nanosByThread;
    }

    static CpuMeter start() {
        return new CpuMeter(OS.getProcessCpuTime(), nanosByThread());
    }

    /** The CPU since {@link #start}, by thread name. */
    Usage stop() {
        long process = OS.getProcessCpuTime() - processNanos;
        Map<String, Long> byName = new HashMap<>();
        long[] ids = nanosByThread().keySet().stream().mapToLong(Long::longValue).toArray();
        long[] now = THREADS.getThreadCpuTime(ids);
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && now[i] >= 0) {
                byName.merge(infos[i].getThreadName().replaceAll("\\d+", "#"),
                        now[i] - nanosByThread.getOrDefault(ids[i], 0L), Long::sum);
            }
        }
        long threads = byName.values().stream().mapToLong(Long::longValue).sum();
        byName.put("(JIT, GC, ended threads)", Math.max(0, process - threads));
        return new Usage(process, byName);
    }

    record Usage(long processNanos, Map<String, Long> nanosByName) {
        void print(String what, long units) {
            System.out.printf("%s: process CPU %.2f s = %.1f us per command%n", what, processNanos / 1e9,
                    processNanos / 1e3 / units);
            nanosByName.entrySet().stream().filter(e -> e.getValue() >= 10_000_000L)
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .forEach(e -> System.out.printf("%s:   %-40s %6.2f s = %5.1f us per command%n", what, e.getKey(),
                            e.getValue() / 1e9, e.getValue() / 1e3 / units));
        }
    }

    private static Map<Long, Long> nanosByThread() {
        long[] ids = THREADS.getAllThreadIds();
        long[] nanos = THREADS.getThreadCpuTime(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            byThread.put(ids[i], nanos[i]);
        }
        return byThread;
    }
}
