package org.bpttlab.experiment.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writing without half-written results (DESIGN §7). A file is written to a temporary sibling and
 * renamed over its target with {@link StandardCopyOption#ATOMIC_MOVE}, so a reader sees the old file
 * or the whole new one. A whole output folder is staged in a hidden sibling folder and renamed into
 * place by {@link StagedFolder#commit()}; closing an uncommitted stage deletes it (and any parent
 * folders it created), so a failed command leaves nothing behind.
 *
 * <p>Temporary names are {@code .<name>.tmp-<pid>-<counter>}: unique within the machine at a time,
 * and created with the process's default permissions (unlike {@code Files.createTempFile}, which makes
 * them private).
 */
public final class AtomicFiles {
  private static final AtomicLong COUNTER = new AtomicLong();

  private AtomicFiles() {}

  /** Writes the content of a file to a stream (which the caller closes). */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code file} atomically: {@code writer} fills a temporary file in the same folder, which
   * is flushed to disk and renamed onto {@code file}. On failure the temporary file is removed and
   * {@code file} is untouched.
   */
  public static void write(Path file, Writer writer) throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp = uniqueSibling(target, "tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.writeTo(out);
        out.flush();
      }
      move(tmp, target);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw named(target, e);
    } catch (RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * {@code e} if it names its file ("No space left on device" does not), else the same failure
   * as a {@link FileSystemException} naming {@code file}.
   */
  public static IOException named(Path file, IOException e) {
    if (e instanceof FileSystemException) {
      return e;
    }
    FileSystemException named = new FileSystemException(file.toString(), null,
        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    named.initCause(e);
    return named;
  }

  /** Writes {@code content} to {@code file} atomically. */
  public static void write(Path file, byte[] content) throws IOException {
    write(file, out -> out.write(content));
  }

  /**
   * Starts staging the folder {@code target}: creates its missing parents and an empty hidden sibling
   * folder to write into. Fails at once if the parent cannot be written, or if {@code target} exists
   * and {@code replace} is false.
   *
   * @param replace whether an existing folder {@code target} is replaced at commit
   * @throws FileAlreadyExistsException if {@code target} exists and may not (or, being no folder,
   *     cannot) be replaced
   * @throws IOException if the parent folder cannot be created or written
   */
  public static StagedFolder stage(Path target, boolean replace) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      throw new IOException("cannot write to the root folder " + abs);
    }
    checkReplaceable(abs, replace);
    List<Path> created = createParents(abs.getParent());
    try {
      Path staging = uniqueSibling(abs, "staging");
      Files.createDirectory(staging);
      return new StagedFolder(abs, staging, replace, created);
    } catch (IOException | RuntimeException e) {
      deleteEmptyFolders(created);
      throw e;
    }
  }

  private static void checkReplaceable(Path target, boolean replace) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      if (!replace) {
        throw new FileAlreadyExistsException(target.toString(), null, "already exists");
      }
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(target.toString(), null, "exists and is not a folder");
      }
    }
  }

  /** Creates the missing folders on the way to {@code folder}; returns them, deepest first. */
  static List<Path> createParents(Path folder) throws IOException {
    List<Path> missing = new ArrayList<>();
    Path p = folder;
    for (; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    if (p != null && !Files.isDirectory(p)) {
      throw new NotDirectoryException(p.toString());
    }
    List<Path> created = new ArrayList<>();
    try {
      for (int i = missing.size() - 1; i >= 0; i--) {
        try {
          Files.createDirectory(missing.get(i));
          created.add(0, missing.get(i));
        } catch (FileAlreadyExistsException e) {
          // another writer (a sweep's other run) made it first: it is not ours to remove
          if (!Files.isDirectory(missing.get(i), LinkOption.NOFOLLOW_LINKS)) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      deleteEmptyFolders(created);
      throw e;
    }
    return created;
  }

  static void deleteEmptyFolders(List<Path> deepestFirst) {
    for (Path p : deepestFirst) {
      try {
        Files.deleteIfExists(p);
      } catch (DirectoryNotEmptyException e) {
        return; // someone else wrote there: keep it and its parents
      } catch (IOException e) {
        return;
      }
    }
  }

  private static Path uniqueSibling(Path target, String kind) {
    String name = "." + target.getFileName() + "." + kind + "-" + ProcessHandle.current().pid()
        + "-" + COUNTER.incrementAndGet();
    return target.resolveSibling(name);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + to + " cannot rename atomically", e);
    }
  }

  /** Deletes a file or a folder with everything in it (symbolic links are not followed). */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * An output folder being written: fill {@link #path()}, then {@link #commit()}. Use in
   * try-with-resources: {@link #close()} discards an uncommitted stage.
   */
  public static final class StagedFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final boolean replace;
    private final List<Path> createdParents;
    private final Thread cleanupOnExit;
    private boolean committed;
    private boolean closed;

    private StagedFolder(Path target, Path staging, boolean replace, List<Path> createdParents) {
      this.target = target;
      this.staging = staging;
      this.replace = replace;
      this.createdParents = createdParents;
      // a JVM stopped by Ctrl-C or SIGTERM (not SIGKILL) removes its stage too
      this.cleanupOnExit = new Thread(this::discardQuietly, "bpttlab-discard-stage");
      Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** The folder to write into (a hidden sibling of the target until the commit). */
    public Path path() {
      return staging;
    }

    /** The final folder. */
    public Path target() {
      return target;
    }

    /**
     * Renames the staged folder onto the target. An existing target (when replacing is allowed) is
     * first renamed aside and deleted after the new folder is in place, so at every moment the
     * target is either the old folder or the complete new one.
     */
    public synchronized void commit() throws IOException {
      if (committed || closed) {
        throw new IllegalStateException(committed ? "already committed" : "already closed");
      }
      checkReplaceable(target, replace);
      Path old = null;
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        old = uniqueSibling(target, "old");
        move(target, old);
      }
      try {
        move(staging, target);
      } catch (IOException e) {
        if (old != null) {
          move(old, target);
        }
        throw e;
      }
      committed = true;
      if (old != null) {
        deleteRecursively(old);
      }
    }

    /** Discards the stage unless it was committed. */
    @Override
    public synchronized void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running this
      }
      if (!committed) {
        try {
          deleteRecursively(staging);
        } finally {
          deleteEmptyFolders(createdParents);
        }
      }
    }

    private void discardQuietly() {
      try {
        close();
      } catch (IOException e) {
        // best effort while the JVM exits
      }
    }
  }
}
