package org.bpttlab.experiment.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit is recorded at build time: classes copied out of the checkout (as a jar copied to
 * another machine) still name it; without the build's record they fall back to asking git, which
 * outside a checkout says "unknown".
 */
class ProvenanceTest {
  @TempDir Path dir;

  /** The commit of the checkout in {@code dir}, or null outside git. */
  private static String head(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "HEAD")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.waitFor() == 0 ? out : null;
  }

  /** This module's classes folder. */
  private static Path classes() throws Exception {
    return Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** A copy of this module's classes in {@code copy}, without the file {@code without}. */
  private static void copyClasses(Path copy, String without) throws Exception {
    Path classes = classes();
    try (Stream<Path> s = Files.walk(classes)) {
      for (Path p : s.toList()) {
        Path to = copy.resolve(classes.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else if (!classes.relativize(p).toString().equals(without)) {
          Files.copy(p, to);
        }
      }
    }
  }

  /** Provenance.toJson() as text, loaded from the classes in {@code copy}. */
  private static String provenanceIn(Path copy) throws Exception {
    Path classes = classes().toAbsolutePath();
    List<URL> urls = new ArrayList<>(List.of(copy.toUri().toURL()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!Path.of(entry).toAbsolutePath().equals(classes)) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      Class<?> c = loader.loadClass(Provenance.class.getName());
      assertEquals(loader, c.getClassLoader());
      return c.getMethod("toJson").invoke(null).toString();
    }
  }

  @Test
  void classesCopiedOutOfTheCheckoutNameTheCommitTheyWereBuiltFrom() throws Exception {
    String head = head(classes());
    if (head == null) {
      assertEquals("unknown", Provenance.buildCommit(), "built outside git");
      return;
    }
    assertEquals(head, Provenance.buildCommit());
    copyClasses(dir.resolve("copy"), "");
    String json = provenanceIn(dir.resolve("copy"));
    assertTrue(json.contains("\"git_commit\":\"" + head + "\""), json);
  }

  @Test
  void withoutTheBuildsRecordClassesOutOfTheCheckoutSayUnknown() throws Exception {
    assertTrue(Files.exists(classes().resolve("bpttlab-commit.properties")));
    assumeTrue(head(dir) == null, "the temporary folder is outside any checkout");
    copyClasses(dir.resolve("bare"), "bpttlab-commit.properties");
    String json = provenanceIn(dir.resolve("bare"));
    assertTrue(json.contains("\"git_commit\":\"unknown\""), json);
  }
}
