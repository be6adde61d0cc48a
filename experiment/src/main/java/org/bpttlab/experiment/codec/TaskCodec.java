package org.bpttlab.experiment.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bpttlab.experiment.io.Json;
import org.bpttlab.tasks.Task;
import org.bpttlab.tasks.TaskSpec;
import org.bpttlab.tasks.Tasks;

/**
 * The JSON form of a task: in a config, its spec as text ({@code "adding:steps=20"}, every option
 * written out); {@link #describe} is the long, write-only form of a config's {@code resolved}
 * block.
 */
public final class TaskCodec {
  private TaskCodec() {}

  /** The task a spec's text names; throws naming the field ({@code task: unknown task ...}). */
  public static Task read(String text) {
    try {
      return Tasks.create(TaskSpec.parse(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("task: " + e.getMessage(), e);
    }
  }

  /** The spec's text, which {@link #read} reads back. */
  public static String write(TaskSpec spec) {
    return spec.toString();
  }

  /**
   * The task: name, its spec with every option written out, sizes, loss, metric with its baseline
   * and success threshold, citation.
   */
  public static ObjectNode describe(Task task) {
    ObjectNode node = Json.object();
    node.put("name", task.name());
    node.put("spec", task.spec().toString());
    node.put("steps", task.steps());
    node.put("inputs", task.inputs());
    node.put("outputs", task.outputs());
    node.put("loss", task.loss().label());
    node.put("metric", task.metricName());
    node.put("baseline", task.baseline());
    node.put("success_threshold", task.successThreshold());
    node.put("citation", task.citation());
    return node;
  }
}
