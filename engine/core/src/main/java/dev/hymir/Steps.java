package dev.hymir;

import java.util.Arrays;
import java.util.List;

/** Argument checks shared by {@link Chain} and {@link Group}. */
final class Steps {
    private Steps() {
    }

    static List<Step> list(String kind, Step[] steps) {
        if (steps == null) {
            throw new InvalidWorkflow.EmptyStep(kind + ".of: steps must not be null; a " + kind + " needs at least one step");
        }
        return list(kind, Arrays.asList(steps));
    }

    @SuppressWarnings("unchecked")
    static List<Step> list(String kind, List<? extends Step> steps) {
        return checked(kind, (List<Step>) steps);
    }

    static List<Step> checked(String kind, List<Step> steps) {
        if (steps == null) {
            throw new InvalidWorkflow.EmptyStep(kind + ": steps must not be null; a " + kind + " needs at least one step");
        }
        if (steps.isEmpty()) {
            throw new InvalidWorkflow.EmptyStep("an empty " + kind + ": a " + kind + " needs at least one step");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == null) {
                throw new InvalidWorkflow.EmptyStep(kind + ": steps[" + i + "] must not be null (a Job, Chain or Group)");
            }
        }
        return List.copyOf(steps);
    }
}
