package dev.hymir;

/** When a workflow's callback job runs. Each runs at most once, after the workflow has ended. */
public enum Callback {
    /** Runs when the workflow ends, whatever its status. */
    ON_FINISHED("on_finished"),
    /** Runs when the workflow ends with SUCCESS. */
    ON_SUCCESS("on_success"),
    /** Runs when the workflow ends with FAILURE. */
    ON_FAILURE("on_failure");

    private final String jsonName;

    Callback(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The key in the workflow JSON's {@code callbacks} object. */
    public String jsonName() {
        return jsonName;
    }
}
