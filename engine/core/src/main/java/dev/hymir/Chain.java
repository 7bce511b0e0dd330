package dev.hymir;

import java.util.List;

/** Steps that run one after another: each waits for the terminal jobs of the step before it. */
public record Chain(List<Step> steps) implements Step {
    /** Copies {@code steps}; {@link InvalidWorkflow.EmptyStep} if it is null or empty or holds a null step. */
    public Chain {
        steps = Steps.checked("Chain", steps);
    }

    /** The steps, run one after another; at least one. */
    public static Chain of(Step... steps) {
        return new Chain(Steps.list("Chain", steps));
    }

    /** The steps of {@code steps}, in its order, run one after another; at least one. */
    public static Chain of(List<? extends Step> steps) {
        return new Chain(Steps.list("Chain", steps));
    }
}
