package io.ebmperception.trainer.model;

/** Where the MDN proposal q(y|x) gets its features from, if there is one. */
public enum ProposalMode {
  /** No learned proposal: the EBM is trained with hand-tuned noise and scored on a grid. */
  NONE,
  /** The paper's joint model (section 3.2): the MDN head reads the EBM's features, gradient stopped. */
  JOINT,
  /** A stand-alone MDN with a feature net of its own (section 3.3, and the MDN-by-NLL baseline). */
  SEPARATE
}
