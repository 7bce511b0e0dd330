package dev.hymir;

import java.util.List;

/** Steps that run one after another: each waits for the terminal jobs of the step before it. */
public record Chain(List<Step> steps) implements Step {
    public Chain {
        steps = Steps.checked("Chain", steps);
    }

    public static Chain of(Step... steps) {
        return new Chain(Steps.list("Chain", steps));
    }

    public static Chain of(List<? extends Step> steps) {
        return new Chain(Steps.list("Chain", steps));
    }
}
