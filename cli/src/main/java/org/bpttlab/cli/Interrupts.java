package org.bpttlab.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a training: the first asks the training to stop after its
 * current iteration and write a checkpoint ({@link #requested}), the command then prints how to
 * resume and exits 130 or 143 (128 + the signal, as the JVM's own handler would); a second signal
 * exits at once. Outside a training ({@link #during}) a signal exits at once, as by default.
 *
 * <p>Signal handlers, not a shutdown hook: once a hook runs the JVM is already shutting down, with
 * every other hook (a staged folder's clean-up) running beside it, a second signal can no longer
 * stop it, and a {@code System.exit} from the training thread would wait forever for the hooks. A
 * handler leaves the JVM running until the command returns its exit code. The handlers are
 * {@code sun.misc.Signal}'s (module jdk.unsupported), reached by reflection because javac's
 * warning on that API cannot be suppressed and the build fails on warnings; where it is missing,
 * or the signal is ignored (a background job of a script ignores SIGINT), nothing changes.
 */
final class Interrupts {
  private static final AtomicInteger RECEIVED = new AtomicInteger();
  private static volatile String stopping;

  private Interrupts() {}

  /** Installs the handlers (from {@link Main#main} only: tests run commands in-process). */
  static void install() {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Method handle = signal.getMethod("handle", signal, handlerType);
      Method number = signal.getMethod("getNumber");
      InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
        case "handle" -> {
          signalled((Integer) number.invoke(args[0]));
          yield null;
        }
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "bpttlab's interrupt handler";
      };
      Object handler = Proxy.newProxyInstance(Interrupts.class.getClassLoader(),
          new Class<?>[] {handlerType}, onSignal);
      for (String name : List.of("INT", "TERM")) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // no such API (another JVM) or the signal is the VM's: the default behaviour stays
    }
  }

  private static void signalled(int signal) {
    String message = stopping;
    if (message == null || !RECEIVED.compareAndSet(0, signal)) {
      System.exit(128 + signal);
    }
    PrintStream err = System.err;
    if (ProgressLine.terminal()) {
      err.println(); // off the progress line
    }
    err.println(message);
    err.flush();
  }

  /**
   * Marks the start ({@code message} given: what to print at the first signal) or the end
   * ({@code null}) of a training that can stop at a signal's request.
   */
  static void during(String message) {
    stopping = message;
  }

  /** True once a signal asked the training to stop. */
  static boolean requested() {
    return RECEIVED.get() != 0;
  }

  /** The exit code of a command stopped by a signal: 128 + its number. */
  static int exitCode() {
    return 128 + RECEIVED.get();
  }

  /** The message printed at the first signal, for {@code command} ("run", "compare"). */
  static String stoppingMessage(String command) {
    return "bpttlab " + command + ": stopping after the current iteration, with a checkpoint"
        + " (interrupt again to stop at once, losing the iterations since the last checkpoint)";
  }

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

  /** The arguments as a shell command, each quoted if it needs to be. */
  static String shellWords(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(PLAIN.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }
}
