package dev.hymir;

import java.util.Arrays;
import java.util.List;

/** Argument checks shared by {@link Chain} and {@link Group}. */
final class Steps {
    private Steps() {
    }

    static List<Step> list(String kind, Step[] steps) {
        if (steps == null) {
            throw new InvalidWorkflow.EmptyStep(kind + ".of(null): a " + kind + " needs at least one step");
        }
        return list(kind, Arrays.asList(steps));
    }

    @SuppressWarnings("unchecked")
    static List<Step> list(String kind, List<? extends Step> steps) {
        return checked(kind, (List<Step>) steps);
    }

    static List<Step> checked(String kind, List<Step> steps) {
        if (steps == null || steps.isEmpty()) {
            throw new InvalidWorkflow.EmptyStep("an empty " + kind + ": a " + kind + " needs at least one step");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == null) {
                throw new InvalidWorkflow.EmptyStep(kind + " step " + i + " is null");
            }
        }
        return List.copyOf(steps);
    }
}
