import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code OUT/bpttlab-commit.properties}: the git commit of the checkout in {@code DIR} and
 * whether it had uncommitted changes, or "unknown" outside git (run by the build, so that a jar
 * copied elsewhere still names the commit it was built from). Usage: {@code java
 * BuildCommit.java DIR OUT}.
 */
public final class BuildCommit {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    String commit = git(dir, "rev-parse", "HEAD");
    StringBuilder sb = new StringBuilder("# Written by the build (experiment/src/build/BuildCommit.java)\n");
    sb.append("git_commit=").append(commit == null ? "unknown" : commit).append('\n');
    if (commit != null) {
      String status = git(dir, "status", "--porcelain", "--untracked-files=no");
      sb.append("git_dirty=").append(status == null ? "unknown" : !status.isEmpty()).append('\n');
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("bpttlab-commit.properties"), sb.toString(),
        StandardCharsets.UTF_8);
  }

  /** The trimmed output of {@code git -C dir args...}, or null if it fails. */
  private static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] bytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(bytes, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
