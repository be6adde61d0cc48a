package org.bpttlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The internal slurm-submit command: hidden, options mapped, bad ones exit 2 (JobArrayTest). */
class SlurmSubmitCommandTest {
  @TempDir Path dir;

  @Test
  void dryRunPrintsTheScriptAndBadOptionsExit2() throws Exception {
    Files.writeString(dir.resolve("plan.csv"), "run,seed,config\na,1,configs/a.json\n");
    Path jar = Files.writeString(dir.resolve("bpttlab.jar"), "");
    Cli.Result dry = Cli.run("slurm-submit", dir.toString(), "--jar", jar.toString(), "--dry-run",
        "--time", "00:30:00", "--mem", "2G", "--cpus-per-task", "2", "--partition", "debug",
        "--array-limit", "5", "--job-name", "quick");
    assertEquals(0, dry.code(), dry.err());
    for (String line : new String[] {"#SBATCH --array=0-0%5", "#SBATCH --time=00:30:00",
        "#SBATCH --mem=2G", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=debug",
        "#SBATCH --job-name=quick", "# 0 a configs/a.json"}) {
      assertTrue(dry.out().lines().anyMatch(line::equals), line + " missing in\n" + dry.out());
    }
    assertFalse(Files.exists(dir.resolve("slurm")));

    Cli.Result bad = Cli.run("slurm-submit", dir.toString(), "--jar", jar.toString(),
        "--runs-per-task", "0");
    assertEquals(2, bad.code());
    assertEquals("bpttlab slurm-submit: --runs-per-task must be >= 1, not 0\n",
        bad.err().replace(System.lineSeparator(), "\n"));

    assertFalse(Cli.run("--help").out().contains("slurm-submit"));
  }
}
