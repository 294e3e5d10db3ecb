package io.ebmperception.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The whole trainable model of one run: a feature net and an {@link EnergyModel} (unless the run
 * trains an MDN alone), and a {@link MixtureProposal} reading either the EBM's features with the
 * gradient stopped ({@link ProposalMode#JOINT}) or a feature net of its own
 * ({@link ProposalMode#SEPARATE}).
 *
 * <p>As a DJL block its forward takes {@code NDList(x [N, ...], samples [N, S, D])} and returns
 * the energies {@code [N, S]}; training code calls the finer methods below instead.
 */
public final class ProbabilisticRegressor extends AbstractBlock {
  private final ModelSpec spec;
  private final Block featureNet;
  private final EnergyModel energy;
  private final Block proposalFeatureNet;
  private final MixtureProposal proposal;

  /** Builds (uninitialised) blocks for {@code spec}, with {@code backbone} making feature nets. */
  public ProbabilisticRegressor(ModelSpec spec, BackboneFactory backbone) {
    this.spec = spec;
    Architecture arch = spec.architecture();
    featureNet = spec.energy() ? addChildBlock("features", backbone.create(spec)) : null;
    energy = spec.energy() ? addChildBlock("energy", new EnergyModel(arch, spec.targets())) : null;
    proposalFeatureNet = spec.proposal() == ProposalMode.SEPARATE
        ? addChildBlock("proposalFeatures", backbone.create(spec)) : null;
    proposal = spec.hasProposal()
        ? addChildBlock("proposal",
            new MixtureProposal(spec.components(), spec.targetDim(), arch.proposalHidden(), spec.targets()))
        : null;
  }

  /** A model whose feature nets are the backbone named in {@code spec.architecture()}. */
  public static ProbabilisticRegressor of(ModelSpec spec) {
    return new ProbabilisticRegressor(spec, BackboneFactory.of(spec.architecture().backbone()));
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The EBM's feature net, or null for an MDN-only model. */
  public Block featureNet() {
    return featureNet;
  }

  /** The energy head, or null for an MDN-only model. */
  public EnergyModel energyModel() {
    return energy;
  }

  /** The MDN's own feature net, or null unless the proposal is {@link ProposalMode#SEPARATE}. */
  public Block proposalFeatureNet() {
    return proposalFeatureNet;
  }

  /** The MDN head, or null when the model has no proposal. */
  public MixtureProposal proposal() {
    return proposal;
  }

  /** h_x of the EBM: {@code [N, ...] → [N, F]}. */
  public NDArray energyFeatures(ParameterStore store, NDArray x, boolean training) {
    requireEnergy();
    return featureNet.forward(store, new NDList(scaled(x)), training).singletonOrThrow();
  }

  /**
   * The proposal's mixture for inputs x. In the joint model it reads {@code energyFeatures} with
   * the gradient stopped, so the MDN does not shape the EBM's features.
   *
   * @param energyFeatures the EBM's h_x when already computed (joint model), else ignored
   */
  public MixtureParameters proposalParameters(
      ParameterStore store, NDArray x, NDArray energyFeatures, boolean training) {
    if (proposal == null) {
      throw new IllegalStateException("this model has no proposal (method without an MDN)");
    }
    NDArray h = spec.proposal() == ProposalMode.JOINT
        ? (energyFeatures != null ? energyFeatures : energyFeatures(store, x, training)).stopGradient()
        : proposalFeatures(store, x, training);
    return proposal.parameters(store, h, training);
  }

  /**
   * The features the proposal reads, <em>with</em> their gradient: the EBM's h_x in the joint
   * model, the MDN's own otherwise. Only the proposal warm-up trains features through the MDN.
   */
  public NDArray proposalFeatures(ParameterStore store, NDArray x, boolean training) {
    if (proposal == null) {
      throw new IllegalStateException("this model has no proposal (method without an MDN)");
    }
    return spec.proposal() == ProposalMode.JOINT ? energyFeatures(store, x, training)
        : proposalFeatureNet.forward(store, new NDList(scaled(x)), training).singletonOrThrow();
  }

  /** x as the feature nets read it: standardised when the spec says so. */
  private NDArray scaled(NDArray x) {
    return spec.inputs() == null ? x : spec.inputs().normalise(x);
  }

  /** The mixture for features h already computed by {@link #proposalFeatures} (gradient kept). */
  public MixtureParameters proposalFromFeatures(ParameterStore store, NDArray h, boolean training) {
    return proposal.parameters(store, h, training);
  }

  /** Energies f(x, y) of S samples per input: features {@code [N, F]}, samples {@code [N, S, D]}. */
  public NDArray energy(ParameterStore store, NDArray features, NDArray samples, boolean training) {
    requireEnergy();
    return energy.energyFromProjection(
        store, energy.project(store, features, training), samples, training);
  }

  private void requireEnergy() {
    if (energy == null) {
      throw new IllegalStateException("this model is an MDN alone and has no energy f(x, y)");
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray features = energyFeatures(store, inputs.get(0), training);
    return new NDList(energy(store, features, inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[1].get(0), inputShapes[1].get(1))};
  }

  /** Initialises all parameters for inputs {@code [N, ...]} (the sample shape is fixed to S = 1). */
  public void initialize(NDManager manager) {
    long[] xShape = new long[spec.inputShape().length + 1];
    xShape[0] = 1;
    System.arraycopy(spec.inputShape(), 0, xShape, 1, spec.inputShape().length);
    initialize(manager, DataType.FLOAT32, new Shape(xShape), new Shape(1, 1, spec.targetDim()));
    TorchDefaultInitializer.apply(this, manager);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    if (featureNet != null) {
      featureNet.initialize(manager, dataType, x);
      Shape features = featureNet.getOutputShapes(new Shape[] {x})[0];
      energy.initialize(manager, dataType, features, inputShapes[1]);
      if (proposal != null && spec.proposal() == ProposalMode.JOINT) {
        proposal.initialize(manager, dataType, features);
      }
    }
    if (proposalFeatureNet != null) {
      proposalFeatureNet.initialize(manager, dataType, x);
      proposal.initialize(manager, dataType, proposalFeatureNet.getOutputShapes(new Shape[] {x})[0]);
    }
  }
}
