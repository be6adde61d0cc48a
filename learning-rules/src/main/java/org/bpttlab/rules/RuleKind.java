package org.bpttlab.rules;

import java.util.Arrays;
import java.util.List;

/** The kinds of learning rule, by the name a {@link RuleSpec} gives them ({@link Rules}). */
public enum RuleKind {
  BPTT("bptt"),
  READOUT_ONLY("readout-only"),
  RTRL("rtrl"),
  TBPTT("tbptt"),
  ARTBP("artbp"),
  CHECKPOINTED("checkpointed"),
  EPROP("eprop"),
  RFLO("rflo"),
  EPROP_REWARD("eprop-reward"),
  NODE_PERTURBATION("node-perturbation"),
  SNAP("snap"),
  UORO("uoro"),
  KF_RTRL("kf-rtrl"),
  REVERSE_KF_RTRL("reverse-kf-rtrl"),
  FBPTT("fbptt"),
  DNI("dni"),
  KERNL("kernl");

  private final String label;

  RuleKind(String label) {
    this.label = label;
  }

  /** The name in specs, CSV labels and the command line. */
  public String label() {
    return label;
  }

  /** Every kind's label, in this order. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(RuleKind::label).toList();
  }

  /** The kind named {@code label}; throws naming the allowed ones. */
  public static RuleKind fromLabel(String label) {
    for (RuleKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown rule '" + label + "'; allowed: " + String.join(", ", labels()));
  }
}
