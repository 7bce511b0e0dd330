package dev.hymir;

import java.util.List;

/** Steps that run in parallel: all share the same predecessors. */
public record Group(List<Step> steps) implements Step {
    /** Copies {@code steps}; {@link InvalidWorkflow.EmptyStep} if it is null or empty or holds a null step. */
    public Group {
        steps = Steps.checked("Group", steps);
    }

    /** The steps, run in parallel; at least one. */
    public static Group of(Step... steps) {
        return new Group(Steps.list("Group", steps));
    }

    /** The steps of {@code steps}, in its order, run in parallel; at least one. */
    public static Group of(List<? extends Step> steps) {
        return new Group(Steps.list("Group", steps));
    }
}
