package org.bpttlab.experiment.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writeReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("a.txt");
    AtomicFiles.write(f, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(f, "two".getBytes(StandardCharsets.UTF_8));
    assertEquals("two", Files.readString(f));
    assertEquals(List.of("a.txt"), names(dir));
  }

  @Test
  void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("a.txt");
    AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("No space left on device");
    }));
    // the operating system's message names no file: the write names it (issue 27)
    assertEquals(f.toAbsolutePath() + ": No space left on device", e.getMessage());
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("a.txt"), names(dir));
  }

  @Test
  void aCommittedStageAppearsWholeWithItsMissingParents() throws IOException {
    Path target = dir.resolve("x/y/run");
    try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(target, false)) {
      Files.writeString(stage.path().resolve("f.txt"), "data");
      assertFalse(Files.exists(target));
      stage.commit();
    }
    assertEquals("data", Files.readString(target.resolve("f.txt")));
    assertEquals(List.of("run"), names(dir.resolve("x/y")));
  }

  @Test
  void anUncommittedStageLeavesNothingNotEvenCreatedParents() throws IOException {
    try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(dir.resolve("x/y/run"), false)) {
      Files.writeString(stage.path().resolve("f.txt"), "data");
    }
    assertEquals(List.of(), names(dir));
  }

  @Test
  void anExistingFolderIsKeptUnlessReplacing() throws IOException {
    Path target = dir.resolve("run");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.stage(target, false));
    try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(target, true)) {
      Files.writeString(stage.path().resolve("new.txt"), "new");
      stage.commit();
    }
    assertEquals(List.of("new.txt"), names(target));
    assertEquals(List.of("run"), names(dir));
  }

  @Test
  void aRegularFileIsNeverReplacedByAFolder() throws IOException {
    Path target = dir.resolve("file");
    Files.writeString(target, "x");
    assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.stage(target, true));
    assertThrows(IOException.class, () -> AtomicFiles.stage(target.resolve("sub"), false));
    assertEquals("x", Files.readString(target));
    assertEquals(List.of("file"), names(dir));
  }

  @Test
  void stagesInAHiddenSibling() throws IOException {
    try (AtomicFiles.StagedFolder stage = AtomicFiles.stage(dir.resolve("run"), false)) {
      assertTrue(stage.path().getFileName().toString().startsWith(".run.staging-"));
      assertEquals(dir.toAbsolutePath().normalize(), stage.path().getParent());
    }
  }
}
