package org.bpttlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the command line in-process with captured output (tests never print). */
final class Cli {
  /** What a command did. */
  record Result(int code, String out, String err) {}

  private Cli() {}

  /** A CSV's lines without the named column (a seconds column, the one not reproducible). */
  static List<String> withoutColumn(Path csv, String column) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    int col = List.of(lines.get(0).split(",")).indexOf(column);
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      List<String> f = new ArrayList<>(List.of(line.split(",", -1)));
      if (col >= 0) {
        f.remove(col);
      }
      out.add(String.join(",", f));
    }
    return out;
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
