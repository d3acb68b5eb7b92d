package io.maskwatch.stack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time and resident memory of the processes that make up a system on this machine, read from
 * {@code /proc} (Linux): CPU as user + system clock ticks, memory as {@code VmRSS}. A named process
 * may be several (PostgreSQL forks one per connection): their figures are summed.
 */
public final class ProcessUsage {

  /** Linux's USER_HZ; the kernel reports CPU time in these ticks on every common platform. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** One reading: CPU seconds so far and resident MB, per name. */
  public record Reading(long atNanos, Map<String, double[]> byName) {}

  private ProcessUsage() {}

  /**
   * Reads the given processes (name to pids) and each named process's children, e.g. {@code
   * postgres} backends under the postmaster.
   */
  public static Reading read(Map<String, List<Long>> pids) {
    Map<String, double[]> byName = new LinkedHashMap<>();
    Map<Long, Long> parents = parents();
    for (Map.Entry<String, List<Long>> e : pids.entrySet()) {
      double cpu = 0;
      double rss = 0;
      for (long pid : e.getValue()) {
        for (Map.Entry<Long, Long> child : parents.entrySet()) {
          if (child.getKey() == pid || child.getValue() == pid) {
            double[] one = usage(child.getKey());
            cpu += one[0];
            rss += one[1];
          }
        }
      }
      byName.put(e.getKey(), new double[] {cpu, rss});
    }
    return new Reading(System.nanoTime(), byName);
  }

  /** Cores used by each name between two readings (CPU seconds per wall second). */
  public static Map<String, Double> cores(Reading before, Reading after) {
    double wall = (after.atNanos() - before.atNanos()) / 1e9;
    Map<String, Double> cores = new LinkedHashMap<>();
    after
        .byName()
        .forEach(
            (name, now) -> {
              double[] then = before.byName().getOrDefault(name, new double[] {now[0], 0});
              cores.put(name, (now[0] - then[0]) / wall);
            });
    return cores;
  }

  /** The first process whose command line contains every one of the given strings. */
  public static Optional<Long> find(String... parts) {
    try (var procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(
              p -> {
                String cmdline = cmdline(p);
                for (String part : parts) {
                  if (!cmdline.contains(part)) {
                    return false;
                  }
                }
                return true;
              })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** pid to parent pid of every process. */
  private static Map<Long, Long> parents() {
    Map<Long, Long> parents = new LinkedHashMap<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                String[] stat = stat(p);
                if (stat.length > 1) {
                  parents.put(Long.parseLong(p.getFileName().toString()), Long.parseLong(stat[1]));
                }
              });
    } catch (IOException e) {
      // no /proc: no figures
    }
    return parents;
  }

  /** The fields of /proc/pid/stat after the command name: state, ppid, ... */
  private static String[] stat(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return new String[0];
    }
  }

  /** CPU seconds and resident MB of one process. */
  private static double[] usage(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    String[] stat = stat(proc);
    if (stat.length < 13) {
      return new double[] {0, 0};
    }
    // after the name: state(0) ppid(1) ... utime(11) stime(12)
    double cpu = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / TICKS_PER_SECOND;
    double rssMb = 0;
    try {
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith("VmRSS:")) {
          rssMb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // gone
    }
    return new double[] {cpu, rssMb};
  }
}
