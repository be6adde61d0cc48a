package org.bpttlab.experiment.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One owner per output folder: an OS file lock ({@link FileChannel#tryLock}) on the hidden sibling
 * {@code .<name>.lock}, held while a command writes the folder {@code <name>} (its staged copy
 * too, which lives beside it), and holding the owner's pid, host, start time and command as text.
 * The lock is beside the folder, not in it, so that it also guards a name that does not exist yet
 * (a compare's final folder) and survives the folder's replacement. The OS drops it when its
 * process dies, however (kill -9 included): a lock file whose lock is free is a dead owner's.
 *
 * <p>The owner deletes the lock file before releasing it; an acquirer that locked a file which is
 * no longer at the path (deleted meanwhile) tries again, so two processes never both hold a name.
 * After acquiring, the leftovers of dead processes ({@link AtomicFiles}'s
 * {@code .<name>.tmp-<pid>-<n>}, {@code .staging-}, {@code .old-}) are removed: in the folder,
 * and beside it for every name whose lock is free.
 */
public final class FolderLock implements AutoCloseable {
  /** AtomicFiles' temporary names: {@code .<name>.<kind>-<pid>-<counter>}. */
  private static final Pattern LEFTOVER =
      Pattern.compile("\\.(.+)\\.(?:tmp|staging|old)-(\\d+)-\\d+");

  private static final Pattern LOCK_FILE = Pattern.compile("\\.(.+)\\.lock");

  /** What a cleaner writes: an acquirer that finds it waits instead of refusing. */
  private static final String CLEANUP = "cleanup";

  /** How many times (20 ms apart) an acquirer tries again while a cleaner holds the lock. */
  private static final int PASSING_TRIES = 250;

  /** The lock files this JVM holds, with their text. */
  private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path folder;
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final List<Path> createdParents;
  private boolean closed;

  private FolderLock(Path folder, Path file, FileChannel channel, FileLock lock,
      List<Path> createdParents) {
    this.folder = folder;
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.createdParents = createdParents;
  }

  /** Refused: another process (or another command of this one) owns the folder. */
  public static final class InUseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InUseException(String message) {
      super(message);
    }
  }

  /** The lock file of {@code folder}: {@code .<name>.lock} beside it. */
  public static Path lockFile(Path folder) {
    Path abs = folder.toAbsolutePath().normalize();
    if (abs.getParent() == null) {
      return abs.resolve(".lock");
    }
    return abs.resolveSibling("." + abs.getFileName() + ".lock");
  }

  /**
   * Takes the folder {@code folder} (which need not exist; its missing parents are created, and
   * removed again at {@link #close} if still empty) for {@code command}, then removes the leftovers
   * of dead processes. Throws {@link InUseException}, naming the owner, if the folder is taken.
   */
  public static FolderLock acquire(Path folder, String command) throws IOException {
    Path abs = folder.toAbsolutePath().normalize();
    Path file = lockFile(abs);
    List<Path> created = AtomicFiles.createParents(file.getParent());
    FolderLock taken;
    try {
      taken = take(abs, file, command, created, true, true);
    } catch (IOException | RuntimeException e) {
      AtomicFiles.deleteEmptyFolders(created);
      throw e;
    }
    try {
      taken.removeLeftovers();
    } catch (IOException e) {
      // best effort: a leftover that cannot be removed (another user's) is no reason to stop
    }
    return taken;
  }

  /**
   * Tries to take {@code file} (creating it if {@code create}); if it is held, throws
   * {@link InUseException} when {@code refuse} (after giving a cleaner or a just-starting owner
   * time to finish), else returns null, as it does for a missing file not to be created.
   *
   * <p>This JVM opens no second channel on a file it holds: closing any channel on a file drops
   * every POSIX lock the process has on it. Hence the table of held files, and the check that
   * the path is still the file locked by comparing file keys, not by reading it.
   */
  private static FolderLock take(Path folder, Path file, String command, List<Path> created,
      boolean create, boolean refuse) throws IOException {
    String text = ownerText(command);
    for (int attempt = 0; ; attempt++) {
      String holder = HELD.putIfAbsent(file, text);
      if (holder != null) {
        // a cleaner of this JVM (another command's thread) holds it for a moment: wait
        if (refuse && CLEANUP.equals(fields(holder).get("command")) && attempt < PASSING_TRIES) {
          sleep();
          continue;
        }
        if (refuse) {
          throw inUse(folder, holder);
        }
        return null;
      }
      FileChannel ch = null;
      boolean taken = false;
      try {
        Object key = fileKey(file);
        ch = create
            ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)
            : openExisting(file);
        if (ch == null) {
          return null;
        }
        FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // the same file under another path, held by this JVM
        }
        if (lock != null) {
          if (key == null || !key.equals(fileKey(file))) {
            continue; // deleted by its last owner (maybe created again) since: start over
          }
          ch.truncate(0);
          ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
          taken = true;
          return new FolderLock(folder, file, ch, lock, created);
        }
        if (!refuse) {
          return null;
        }
        ch.close();
        String owner = readQuietly(file);
        Map<String, String> f = fields(owner);
        // a cleaner holds a free lock for a moment, and an owner writes its text just after
        // locking: wait for either, up to five seconds, rather than refuse
        boolean passing = !f.containsKey("command") || CLEANUP.equals(f.get("command"))
            || host().equals(f.get("host")) && !alive(f.get("pid"));
        if (passing && attempt < PASSING_TRIES) {
          sleep();
          continue;
        }
        throw inUse(folder, owner);
      } finally {
        if (!taken) {
          HELD.remove(file);
          if (ch != null) {
            ch.close();
          }
        }
      }
    }
  }

  private static InUseException inUse(Path folder, String owner) {
    return new InUseException(folder + " is in use by " + describe(fields(owner))
        + "; wait for it to end, or stop it, before running another command on it");
  }

  /** The file's identity (device and inode on Linux), or null if it does not exist. */
  private static Object fileKey(Path file) throws IOException {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS).fileKey();
      // without keys (not on Linux or macOS), trust the path
      return key != null ? key : file;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static FileChannel openExisting(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a folder's lock", e);
    }
  }

  private static String ownerText(String command) {
    return "pid=" + ProcessHandle.current().pid() + "\nhost=" + host() + "\nstarted="
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\ncommand=" + command + "\n";
  }

  /** "bpttlab run (pid 123 on node7, since 2026-12-06T21:43:57Z)". */
  private static String describe(Map<String, String> owner) {
    if (!owner.containsKey("pid")) {
      return "another process (its lock file says nothing more)";
    }
    return "bpttlab " + owner.getOrDefault("command", "?") + " (pid " + owner.get("pid") + " on "
        + owner.getOrDefault("host", "?") + ", since " + owner.getOrDefault("started", "?")
        + ")";
  }

  private static Map<String, String> fields(String text) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        f.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return f;
  }

  private static String readQuietly(Path file) {
    try {
      byte[] b = Files.readAllBytes(file);
      return b.length > 4096 ? "" : new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The machine's name, without a DNS look-up. */
  static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    for (String f : List.of("/proc/sys/kernel/hostname", "/etc/hostname")) {
      try {
        String h = Files.readString(Path.of(f)).strip();
        if (!h.isEmpty()) {
          return h;
        }
      } catch (IOException | RuntimeException e) {
        // try the next
      }
    }
    return "localhost";
  }

  /** The folder this lock owns. */
  public Path folder() {
    return folder;
  }

  /**
   * Deletes the lock file, then releases the lock (closing its channel does) and removes the
   * parents it created if they are empty.
   */
  @Override
  public synchronized void close() throws IOException {
    if (!closed && lock.isValid()) {
      closed = true;
      try {
        Files.deleteIfExists(file);
      } finally {
        channel.close();
        HELD.remove(file);
        AtomicFiles.deleteEmptyFolders(createdParents);
      }
    }
  }

  /**
   * Removes what dead processes left: in the folder (and its subfolders), every temporary file or
   * staged folder; beside it, those of every name whose lock is free, and free lock files. A
   * leftover whose pid is alive on this machine is kept (it may be a process that takes no lock).
   */
  private void removeLeftovers() throws IOException {
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      removeDead(folder, 2);
    }
    Path parent = file.getParent();
    Map<String, List<Path>> byName = new LinkedHashMap<>();
    List<Path> lockFiles = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, ".*")) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        Matcher m = LEFTOVER.matcher(n);
        if (m.matches() && !alive(m.group(2))) {
          byName.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(p);
        } else if (LOCK_FILE.matcher(n).matches() && !p.equals(file)) {
          lockFiles.add(p);
        }
      }
    } catch (NotDirectoryException | NoSuchFileException e) {
      return;
    }
    String own = folder.getFileName() == null ? "" : folder.getFileName().toString();
    for (Map.Entry<String, List<Path>> e : byName.entrySet()) {
      if (e.getKey().equals(own)) {
        deleteAll(e.getValue());
        continue;
      }
      Path other = parent.resolve(e.getKey());
      try (FolderLock probe = take(other, lockFile(other), CLEANUP, List.of(), true, false)) {
        if (probe != null) {
          deleteAll(e.getValue());
        }
      } catch (NoSuchFileException gone) {
        // someone else cleaned it
      }
    }
    for (Path lockFile : lockFiles) {
      Matcher m = LOCK_FILE.matcher(lockFile.getFileName().toString());
      if (m.matches()) {
        Path other = parent.resolve(m.group(1));
        // taking a free lock file and closing it deletes it
        FolderLock probe = take(other, lockFile, CLEANUP, List.of(), false, false);
        if (probe != null) {
          probe.close();
        }
      }
    }
  }

  private static void removeDead(Path dir, int depth) throws IOException {
    List<Path> subfolders = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        Matcher m = LEFTOVER.matcher(p.getFileName().toString());
        if (m.matches()) {
          if (!alive(m.group(2))) {
            AtomicFiles.deleteRecursively(p);
          }
        } else if (depth > 1 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          subfolders.add(p);
        }
      }
    }
    for (Path sub : subfolders) {
      removeDead(sub, depth - 1);
    }
  }

  private static void deleteAll(List<Path> paths) throws IOException {
    for (Path p : paths) {
      AtomicFiles.deleteRecursively(p);
    }
  }

  private static boolean alive(String pid) {
    if (pid == null) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return true; // not a pid we can judge: keep it
    }
  }
}
