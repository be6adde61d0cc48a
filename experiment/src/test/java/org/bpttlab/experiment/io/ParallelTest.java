package org.bpttlab.experiment.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelTest {
  private static List<Parallel.Job<Integer, IOException>> squares(int count, int failing,
      boolean checked) {
    List<Parallel.Job<Integer, IOException>> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int x = i;
      jobs.add(() -> {
        if (x == failing) {
          if (checked) {
            throw new IOException("job " + x);
          }
          throw new IllegalStateException("job " + x);
        }
        return x * x;
      });
    }
    return jobs;
  }

  @Test
  void resultsComeInTheJobsOrderOnAnyNumberOfThreads() throws IOException {
    List<Integer> expected = List.of(0, 1, 4, 9, 16, 25, 36);
    for (int threads : new int[] {1, 2, 3, 8}) {
      assertEquals(expected, Parallel.run(squares(7, -1, false), threads, "t", IOException.class));
    }
    assertThrows(IllegalArgumentException.class,
        () -> Parallel.run(squares(2, -1, false), 0, "t", IOException.class));
  }

  @Test
  void aJobsExceptionIsTheCallsUnwrapped() {
    for (int threads : new int[] {1, 3}) {
      IOException io = assertThrows(IOException.class,
          () -> Parallel.run(squares(5, 3, true), threads, "t", IOException.class));
      assertEquals("job 3", io.getMessage());
      IllegalStateException ise = assertThrows(IllegalStateException.class,
          () -> Parallel.run(squares(5, 2, false), threads, "t", IOException.class));
      assertEquals("job 2", ise.getMessage());
    }
  }
}
