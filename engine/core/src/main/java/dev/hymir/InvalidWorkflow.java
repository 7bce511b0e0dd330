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

        /** The cycle's job ids (first repeated at the end) and the message that lists them. */
        public Cycle(List<String> cycle, String message) {
            super(message);
            this.cycle = List.copyOf(cycle);
        }

        /** The job ids around the cycle, the first one repeated at the end. */
        public List<String> cycle() {
            return cycle;
        }
    }

    /** A {@link Chain} or {@link Group} without steps. */
    public static final class EmptyStep extends InvalidWorkflow {
        /** With a message naming the empty step. */
        public EmptyStep(String message) {
            super(message);
        }
    }

    /** A job name the {@link JobRegistry} cannot resolve (not annotated, not registered, not found). */
    public static final class UnknownJob extends InvalidWorkflow {
        private final String jobName;

        /** The name that could not be resolved, and the message saying where it was looked for. */
        public UnknownJob(String jobName, String message) {
            super(message);
            this.jobName = jobName;
        }

        /** The job name the registry could not resolve. */
        public String jobName() {
            return jobName;
        }
    }

    /** Args, kwargs or inputs that do not fit the job function's parameters. */
    public static final class SignatureMismatch extends InvalidWorkflow {
        /** With a message naming the job and the parameters that do not fit. */
        public SignatureMismatch(String message) {
            super(message);
        }
    }

    /** An argument (or meta value) that Jackson cannot serialize to JSON. */
    public static final class UnserializableArgument extends InvalidWorkflow {
        /** With a message naming the job and the argument, and Jackson's error as the cause. */
        public UnserializableArgument(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An input that no job of the workflow outputs and that is not a reserved input. */
    public static final class UnboundInput extends InvalidWorkflow {
        private final String input;

        /** The input no job outputs, and the message naming the job that asks for it. */
        public UnboundInput(String input, String message) {
            super(message);
            this.input = input;
        }

        /** The name of the input that no job of the workflow outputs. */
        public String input() {
            return input;
        }
    }

    /** A workflow JSON text or graph that is not a workflow (missing fields, bad ids, unknown nodes). */
    public static final class Malformed extends InvalidWorkflow {
        /** With a message saying what is missing or wrong, and where. */
        public Malformed(String message) {
            super(message);
        }

        /** With a message saying what is wrong, caused by {@code cause} (e.g. a JSON parse error). */
        public Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
