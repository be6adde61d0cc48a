package org.bpttlab.experiment.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.bpttlab.kernels.Products;

/**
 * What produced an output (DESIGN §7): the bpttlab version (from the build), the git commit of the
 * checkout the code was built from and whether it had uncommitted changes (recorded by the build in
 * {@code bpttlab-commit.properties}, so a jar copied elsewhere keeps them; for classes built
 * without it, {@code git rev-parse HEAD} run in the folder holding them; else "unknown"),
 * the JVM, the width of the kernels' vectors (the last bits of a run's numbers follow it), and the
 * date.
 */
public final class Provenance {
  private static final String UNKNOWN = "unknown";

  private Provenance() {}

  /** The project version the code was built as, or "unknown". */
  public static String version() {
    return buildProperty("/bpttlab-build.properties", "version");
  }

  /** The git commit the code was built from, as the build recorded it, or "unknown". */
  public static String buildCommit() {
    return buildProperty("/bpttlab-commit.properties", "git_commit");
  }

  /** Property {@code key} of the build's resource {@code resource}, or "unknown". */
  private static String buildProperty(String resource, String key) {
    try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty(key, UNKNOWN);
      return v.startsWith("${") ? UNKNOWN : v;
    } catch (IOException e) {
      return UNKNOWN;
    }
  }

  /**
   * {@code {"version", "git_commit", "git_dirty", "java_version", "java_vm_name", "vector_bits",
   * "date"}}.
   */
  public static ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("version", version());
    String commit = buildCommit();
    if (!UNKNOWN.equals(commit)) {
      node.put("git_commit", commit);
      String dirty = buildProperty("/bpttlab-commit.properties", "git_dirty");
      if (!UNKNOWN.equals(dirty)) {
        node.put("git_dirty", Boolean.parseBoolean(dirty));
      }
    } else {
      gitAtRunTime(node);
    }
    node.put("java_version", System.getProperty("java.version"));
    node.put("java_vm_name", System.getProperty("java.vm.name"));
    node.put("vector_bits", Products.vectorBits());
    node.put("date", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    return node;
  }

  /** The fallback: the commit of the checkout holding the jar or classes, asked of git now. */
  private static void gitAtRunTime(ObjectNode node) {
    Path dir = codeFolder();
    String commit = dir == null ? UNKNOWN : git(dir, "rev-parse", "HEAD");
    node.put("git_commit", commit);
    if (!UNKNOWN.equals(commit)) {
      String status = git(dir, "status", "--porcelain", "--untracked-files=no");
      node.put("git_dirty", !status.isEmpty() && !UNKNOWN.equals(status));
    }
  }

  /** The folder of the jar or classes folder this class was loaded from, or null. */
  private static Path codeFolder() {
    try {
      var source = Provenance.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path p = Path.of(source.getLocation().toURI());
      return Files.isDirectory(p) ? p : p.getParent();
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The trimmed output of {@code git -C dir args...}, or "unknown" if it fails. */
  private static String git(Path dir, String... args) {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return UNKNOWN;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : UNKNOWN;
    } catch (IOException e) {
      return UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNKNOWN;
    }
  }
}
