package org.bpttlab.core;

/** The per-step losses (DESIGN §3); the total is a sum over time with a mask, a mean over the batch. */
public enum LossKind {
  /** ½ Σ_t m_t ‖y_t − y*_t‖². */
  MSE("mse"),
  /** −Σ_t m_t Σ_k y*_k log softmax(y_t)_k. */
  CROSS_ENTROPY("ce");

  private final String label;

  LossKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The loss with this label; throws naming the allowed values. */
  public static LossKind fromLabel(String label) {
    for (LossKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException("loss must be one of mse, ce, was " + label);
  }
}
