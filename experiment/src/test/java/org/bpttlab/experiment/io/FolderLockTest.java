package org.bpttlab.experiment.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {
  @TempDir Path dir;

  /** The pid of a process that has ended (so no live process has it, unless reused since). */
  static long deadPid() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static List<String> list(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  @SuppressWarnings("try") // first is held, not used
  void aSecondOwnerIsRefusedNamingTheFirstAndTheNameIsFreeAgainAfter() throws IOException {
    Path run = dir.resolve("runs/small");
    try (FolderLock first = FolderLock.acquire(run, "run --resume")) {
      assertEquals(List.of(".small.lock"), list(dir.resolve("runs")), "beside the folder");
      String text = Files.readString(FolderLock.lockFile(run));
      assertTrue(text.startsWith("pid=" + ProcessHandle.current().pid() + "\nhost="), text);
      // a second lock of this JVM on the file overlaps the first: refused like another process
      FolderLock.InUseException e = assertThrows(FolderLock.InUseException.class,
          () -> FolderLock.acquire(run, "compare"));
      assertTrue(e.getMessage().startsWith(run + " is in use by bpttlab run --resume (pid "
          + ProcessHandle.current().pid() + " on " + FolderLock.host() + ", since 20"),
          e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line");
    }
    assertFalse(Files.exists(dir.resolve("runs")), "the lock file and the parents it made go");
    try (FolderLock again = FolderLock.acquire(run, "plot")) {
      assertEquals(run.toAbsolutePath(), again.folder());
    }
  }

  /**
   * What processes killed by SIGKILL leave (a compare's staged folder, a plot's temporary report
   * and figures, a stale lock file) goes when the next command takes a folder of that runs
   * folder; what a live process (this one) or a held name has is kept.
   */
  @Test
  @SuppressWarnings("try") // held, not used
  void leftoversOfDeadProcessesGoAndThoseOfLiveOnesStay() throws Exception {
    long dead = deadPid();
    long live = ProcessHandle.current().pid();
    Path runs = Files.createDirectories(dir.resolve("runs"));
    Path x = Files.createDirectories(runs.resolve("x/figures")).getParent();
    Files.createDirectories(runs.resolve(".compare-a.staging-" + dead + "-1/figures"));
    Files.writeString(runs.resolve(".compare-a.staging-" + dead + "-1/metrics.csv"), "1,2\n");
    Files.writeString(runs.resolve(".x.tmp-" + dead + "-7"), "half");
    Files.writeString(runs.resolve("x/.report.html.tmp-" + dead + "-2"), "<html>");
    Files.createDirectories(runs.resolve("x/.figures.staging-" + dead + "-3"));
    Files.writeString(runs.resolve("x/figures/.loss.png.tmp-" + dead + "-4"), "png");
    Files.writeString(runs.resolve(".stale.lock"), "pid=" + dead + "\nhost=elsewhere\n");
    Files.createDirectories(runs.resolve(".alive.staging-" + live + "-1"));
    Files.writeString(runs.resolve("x/.summary.md.tmp-" + live + "-9"), "mine");
    try (FolderLock held = FolderLock.acquire(runs.resolve("held"), "compare")) {
      Files.createDirectories(runs.resolve(".held.staging-" + dead + "-1"));
      try (FolderLock lock = FolderLock.acquire(x, "plot")) {
        assertEquals(List.of(".alive.staging-" + live + "-1", ".held.lock",
            ".held.staging-" + dead + "-1", ".x.lock", "x"), list(runs));
        assertEquals(List.of(".summary.md.tmp-" + live + "-9", "figures"), list(x));
        assertEquals(List.of(), list(x.resolve("figures")));
      }
    }
  }

  /**
   * Threads of one JVM (a sweep's runs) taking sibling folders: each acquire probes its siblings'
   * lock files as a cleaner, so a thread finds its own folder's lock held by another thread's
   * cleaner for a moment; it waits for it rather than refusing. 4 threads, 200 acquires each.
   */
  @Test
  @SuppressWarnings("try") // the lock is held, not used
  void siblingsTakenAtOnceInOneJvmWaitForEachOthersCleaners() throws Exception {
    Path runs = Files.createDirectories(dir.resolve("runs"));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Path mine = runs.resolve("run-" + t);
      done.add(pool.submit(() -> {
        int taken = 0;
        for (int i = 0; i < 200; i++) {
          try (FolderLock lock = FolderLock.acquire(mine, "sweep")) {
            taken++;
          }
        }
        return taken;
      }));
    }
    pool.shutdown();
    for (java.util.concurrent.Future<Integer> f : done) {
      assertEquals(200, f.get());
    }
    assertEquals(List.of(), list(runs), "every lock file is gone");
  }
}
