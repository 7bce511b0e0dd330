package dev.hymir;

import java.util.List;

/**
 * A workflow Hymir refuses to run. Thrown when the workflow is built or at {@code run()}, never
 * halfway through. Each subclass names one problem; messages name the jobs (id and name) involved.
 */
public sealed class InvalidWorkflow extends HymirException
        permits InvalidWorkflow.Cycle, InvalidWorkflow.EmptyStep, InvalidWorkflow.UnknownJob,
        InvalidWorkflow.SignatureMismatch, InvalidWorkflow.UnserializableArgument,
        InvalidWorkflow.UnboundInput, InvalidWorkflow.Malformed {

    InvalidWorkflow(String message) {
        super(message);
    }

    InvalidWorkflow(String message, Throwable cause) {
        super(message, cause);
    }

    /** The graph has a cycle; {@link #cycle()} lists its job ids, first id repeated at the end. */
    public static final class Cycle extends InvalidWorkflow {
        private final List<String> cycle;

        public Cycle(List<String> cycle, String message) {
            super(message);
            this.cycle = List.copyOf(cycle);
        }

        public List<String> cycle() {
            return cycle;
        }
    }

    /** A {@link Chain} or {@link Group} without steps. */
    public static final class EmptyStep extends InvalidWorkflow {
        public EmptyStep(String message) {
            super(message);
        }
    }

    /** A job name the {@link JobRegistry} cannot resolve (not annotated, not registered, not found). */
    public static final class UnknownJob extends InvalidWorkflow {
        private final String jobName;

        public UnknownJob(String jobName, String message) {
            super(message);
            this.jobName = jobName;
        }

        public String jobName() {
            return jobName;
        }
    }

    /** Args, kwargs or inputs that do not fit the job function's parameters. */
    public static final class SignatureMismatch extends InvalidWorkflow {
        public SignatureMismatch(String message) {
            super(message);
        }
    }

    /** An argument (or meta value) that Jackson cannot serialize to JSON. */
    public static final class UnserializableArgument extends InvalidWorkflow {
        public UnserializableArgument(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An input that no job of the workflow outputs and that is not a reserved input. */
    public static final class UnboundInput extends InvalidWorkflow {
        private final String input;

        public UnboundInput(String input, String message) {
            super(message);
            this.input = input;
        }

        public String input() {
            return input;
        }
    }

    /** A workflow JSON text or graph that is not a workflow (missing fields, bad ids, unknown nodes). */
    public static final class Malformed extends InvalidWorkflow {
        public Malformed(String message) {
            super(message);
        }

        public Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
