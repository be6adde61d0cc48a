package org.bpttlab.experiment.align;

import java.util.List;
import org.bpttlab.core.Parameters;
import org.bpttlab.core.Perturbation;
import org.bpttlab.core.Trajectory;
import org.bpttlab.core.net.Network;
import org.bpttlab.rules.Session;
import org.bpttlab.rules.bptt.Bptt;

/**
 * The exact gradient beside a rule's estimate, computed passively (DESIGN §6, STYLE "passive
 * sessions"). On an iteration that is measured, the trainer adds {@link #passive()}, a BPTT session
 * on the live parameters, to the sessions the {@link org.bpttlab.rules.SequenceRunner} drives over
 * the trajectory the rule trains on; BPTT only reads that trajectory, so the rule's numbers do not
 * change. Per iteration:
 *
 * <pre>
 * startSequence()                 before the sequence: θ₀ = θ, the sum of online gradients = 0
 * onlineGradient(g_k)             for each gradient the rule hands out within the sequence
 * measure(trajectory, ĝ)          after the rule's gradient, before the optimizer's update
 * </pre>
 *
 * <p>A rule that updates once per sequence is compared with BPTT on its own trajectory at the
 * parameters it ran with: ĝ against g = ∂L/∂θ. An online rule ({@code rtrl:online=k},
 * {@code tbptt:online=true}, {@code eprop:online=k}) changes the weights within the sequence, so its
 * trajectory is not the forward pass of any one θ and no exact gradient belongs to it. Such a rule is
 * measured per update against RTRL ({@link UpdateAlignment}) where RTRL is affordable; elsewhere,
 * here, by what it did to the weights over the sequence: the sum of the gradients it handed out
 * (the online ones and the final one, each before clipping) against BPTT's gradient at θ₀, the
 * parameters the sequence started with, on the same batch; that gradient needs a forward pass of its
 * own (at θ₀), on the same trajectory buffer. As the learning rate goes to 0 the sum tends to the
 * per-sequence estimate, so exact online rules (RTRL) tend to cosine 1; at a finite learning rate the
 * measure also holds the drift of the weights within the sequence. Which case applies is decided
 * per sequence: a sequence in which the rule handed out no gradient early is a per-sequence one.
 *
 * <p>A rule that perturbs the network it trains (node perturbation injects noise into the
 * trajectory) is compared with BPTT on the clean network: the gradient of the loss it estimates,
 * from a clean forward pass at θ₀.
 *
 * <p>The trajectory must hold every step. Allocates its buffers once.
 */
public final class AlignmentHarness {
  private final Network network;
  private final Parameters live;
  private final Parameters start;
  private final Parameters sum;
  private final Parameters exact;
  private final Session passive;
  private final Session passiveAtStart;
  private int onlineUpdates;

  /**
   * A harness for a rule that trains {@code params} of {@code network} on batches of
   * {@code batchSize} sequences.
   *
   * @param params the live parameters (read, never written)
   */
  public AlignmentHarness(Network network, Parameters params, int batchSize) {
    this.network = network;
    this.live = params;
    this.start = params.copy();
    this.sum = params.zerosLike();
    this.exact = params.zerosLike();
    Bptt bptt = new Bptt();
    this.passive = bptt.begin(network, params, batchSize);
    this.passiveAtStart = bptt.begin(network, start, batchSize);
  }

  /** The passive BPTT session to run beside the rule's on a measured iteration. */
  public Session passive() {
    return passive;
  }

  /** A measured sequence is about to start. */
  public void startSequence() {
    start.copyFrom(live);
    sum.fill(0.0);
    onlineUpdates = 0;
  }

  /**
   * The rule handed out {@code gradient} within the sequence (call before the optimizer clips it).
   *
   * @param gradient Not modified
   */
  public void onlineGradient(Parameters gradient) {
    sum.addScaled(1.0, gradient);
    onlineUpdates++;
  }

  /** True if the rule handed out gradients within the current sequence. */
  public boolean online() {
    return onlineUpdates > 0;
  }

  /**
   * After the sequence and the rule's {@link Session#gradient}, before the update: the alignment of
   * the rule's estimate with the exact gradient (see the class comment), over all parameters and
   * per group. Unless the trajectory is {@code clean} — the unperturbed forward pass at the
   * parameters the sequence started with — and the sequence was not online, it is first overwritten
   * by that pass.
   *
   * @param trajectory the complete trajectory the rule trained on
   * @param ruleGradient Not modified: the rule's gradient for the (rest of the) sequence
   * @param clean whether the trajectory holds the clean forward pass at θ₀
   */
  public List<Alignment.OfGroup> measure(Trajectory trajectory, Parameters ruleGradient,
      boolean clean) {
    if (!trajectory.complete()) {
      throw new IllegalArgumentException("alignment needs a trajectory that holds every step");
    }
    if (onlineUpdates == 0 && clean) {
      passive.gradient(trajectory, exact);
      return Alignment.byGroup(ruleGradient, exact);
    }
    Parameters estimate = ruleGradient;
    if (onlineUpdates > 0) {
      sum.addScaled(1.0, ruleGradient);
      estimate = sum;
    }
    Perturbation p = trajectory.perturbation();
    trajectory.setPerturbation(null);
    try {
      network.forward(start, trajectory);
    } finally {
      trajectory.setPerturbation(p);
    }
    passiveAtStart.gradient(trajectory, exact);
    return Alignment.byGroup(estimate, exact);
  }

  /** The exact gradient of the last {@link #measure} (Not to be modified). */
  public Parameters exactGradient() {
    return exact;
  }
}
