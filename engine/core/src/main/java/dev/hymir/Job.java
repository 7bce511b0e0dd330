package dev.hymir;

import dev.hymir.internal.json.Json;
import dev.hymir.internal.reflect.MethodRefs;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One unit of work: the name of a job function and what to call it with. Immutable; every
 * {@code with...}/{@code set} returns a new Job and leaves this one unchanged, so use the result
 * ({@code job = job.withOutput("x")}); they carry {@link CheckReturnValue}, which IntelliJ and Error
 * Prone check. The {@link #identity()} is assigned by the
 * {@link Workflow} ("1", "2", ... depth-first, left to right) and is {@code null} before that.
 *
 * <pre>{@code
 * Job j = Job.of(Reports::startReport).set("inventory", Map.of());
 * Job k = Job.named("com.acme.Reports.processReports").withInput("inventory_reports", "reports");
 * }</pre>
 *
 * <p>All args, kwargs and meta values must be serializable by Jackson; that is checked here, when
 * they are set. Two Jobs are equal when all their fields are; a JGraphT graph holds equal jobs as
 * one vertex, so give jobs of {@link Workflow#fromGraph} distinct args or meta.
 */
public final class Job implements Step {

    /**
     * An input binding: the job's parameter {@code parameter} receives the values of the output
     * variable {@code output}. Plain inputs have both names equal.
     */
    public record Input(String output, String parameter) {
        public Input {
            requireName(output, "Job.Input: output");
            requireName(parameter, "Job.Input: parameter");
        }

        /** {@code "reports"} or {@code "inventory_reports->reports"}. */
        public static Input parse(String spec) {
            requireName(spec, "Job.Input.parse: spec");
            int arrow = spec.indexOf("->");
            if (arrow < 0) {
                return new Input(spec.strip(), spec.strip());
            }
            return new Input(spec.substring(0, arrow).strip(), spec.substring(arrow + 2).strip());
        }

        public boolean isRenamed() {
            return !output.equals(parameter);
        }

        @Override
        public String toString() {
            return isRenamed() ? output + "->" + parameter : output;
        }
    }

    private final String name;
    private final String identity;
    private final List<Object> args;
    private final Map<String, Object> kwargs;
    private final String output;
    private final List<Input> inputs;
    private final Map<String, Object> meta;

    private Job(String name, String identity, List<Object> args, Map<String, Object> kwargs,
                String output, List<Input> inputs, Map<String, Object> meta) {
        this.name = name;
        this.identity = identity;
        this.args = args;
        this.kwargs = kwargs;
        this.output = output;
        this.inputs = inputs;
        this.meta = meta;
    }

    /** A job for the function with this name (as the {@link JobRegistry} resolves it). */
    public static Job named(String name) {
        requireName(name, "job name");
        return new Job(name.strip(), null, List.of(), Map.of(), null, List.of(), Map.of());
    }

    /**
     * Creates a job from a method reference to a static {@link JobFunction} method; the annotation's
     * {@code output}, {@code inputs} and {@code meta} become the job's.
     */
    public static <R> Job of(JobMethod.Of0<R> method) { return fromReference(method); }
    public static Job of(JobMethod.Void0 method) { return fromReference(method); }
    public static <A1, R> Job of(JobMethod.Of1<A1, R> method) { return fromReference(method); }
    public static <A1> Job of(JobMethod.Void1<A1> method) { return fromReference(method); }
    public static <A1, A2, R> Job of(JobMethod.Of2<A1, A2, R> method) { return fromReference(method); }
    public static <A1, A2> Job of(JobMethod.Void2<A1, A2> method) { return fromReference(method); }
    public static <A1, A2, A3, R> Job of(JobMethod.Of3<A1, A2, A3, R> method) { return fromReference(method); }
    public static <A1, A2, A3> Job of(JobMethod.Void3<A1, A2, A3> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, R> Job of(JobMethod.Of4<A1, A2, A3, A4, R> method) { return fromReference(method); }
    public static <A1, A2, A3, A4> Job of(JobMethod.Void4<A1, A2, A3, A4> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, A5, R> Job of(JobMethod.Of5<A1, A2, A3, A4, A5, R> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, A5> Job of(JobMethod.Void5<A1, A2, A3, A4, A5> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, A5, A6, R> Job of(JobMethod.Of6<A1, A2, A3, A4, A5, A6, R> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, A5, A6> Job of(JobMethod.Void6<A1, A2, A3, A4, A5, A6> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, A5, A6, A7, R> Job of(JobMethod.Of7<A1, A2, A3, A4, A5, A6, A7, R> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, A5, A6, A7> Job of(JobMethod.Void7<A1, A2, A3, A4, A5, A6, A7> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, A5, A6, A7, A8, R> Job of(JobMethod.Of8<A1, A2, A3, A4, A5, A6, A7, A8, R> method) { return fromReference(method); }
    public static <A1, A2, A3, A4, A5, A6, A7, A8> Job of(JobMethod.Void8<A1, A2, A3, A4, A5, A6, A7, A8> method) { return fromReference(method); }

    private static Job fromReference(JobMethod reference) {
        Method method = MethodRefs.staticMethod(reference);
        JobFunction annotation = method.getAnnotation(JobFunction.class);
        if (annotation == null) {
            throw new IllegalArgumentException(MethodRefs.describe(method) + " is not annotated @JobFunction: annotate it,"
                    + " or register it under a name with JobRegistry.register(...) and use Job.named(name)");
        }
        Job job = named(JobNames.of(method, annotation));
        if (!annotation.output().isBlank()) {
            job = job.withOutput(annotation.output());
        }
        if (annotation.inputs().length > 0) {
            job = job.withInputs(annotation.inputs());
        }
        if (annotation.meta().length > 0) {
            Map<String, Object> meta = new LinkedHashMap<>();
            for (String entry : annotation.meta()) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("@JobFunction(meta) of " + MethodRefs.describe(method)
                            + " has '" + entry + "': expected key=value");
                }
                meta.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
            }
            job = job.withMeta(meta);
        }
        return job;
    }

    /** Sets the positional arguments, replacing earlier ones (Hymir's {@code set}). */
    @CheckReturnValue
    public Job set(Object... args) {
        List<Object> list = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(Arrays.asList(args)));
        for (int i = 0; i < list.size(); i++) {
            int position = i;
            Json.requireSerializable(list.get(i), () -> "argument " + position + " of job " + this);
        }
        return new Job(name, identity, list, kwargs, output, inputs, meta);
    }

    /**
     * Sets the keyword arguments, replacing earlier ones ({@code Map.of()} clears them). An explicit
     * kwarg wins over an input.
     */
    @CheckReturnValue
    public Job withKwargs(Map<String, ?> kwargs) {
        Args.notNull(kwargs, "Job.withKwargs", "kwargs");
        return new Job(name, identity, args, checkedMap(kwargs, "kwarg"), output, inputs, meta);
    }

    /** Successful results of this job are appended to the output variable {@code output}; {@code null}: none. */
    @CheckReturnValue
    public Job withOutput(String output) {
        if (output != null) {
            requireName(output, "output");
        }
        return new Job(name, identity, args, kwargs, output == null ? null : output.strip(), inputs, meta);
    }

    /**
     * Sets the inputs, replacing earlier ones. Each is a variable name bound to the parameter of the
     * same name, or {@code "output->parameter"} to rename; reserved inputs ({@code workflow_id},
     * {@code job_id}, {@code workflow}, {@code job_state}, {@code workflow_state}) need no producer.
     */
    @CheckReturnValue
    public Job withInputs(String... inputs) {
        Args.notNull(inputs, "Job.withInputs", "inputs");
        List<Input> list = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null || inputs[i].isBlank()) {
                throw new IllegalArgumentException("Job.withInputs: inputs[" + i + "] must not be null or blank");
            }
            list.add(Input.parse(inputs[i]));
        }
        return new Job(name, identity, args, kwargs, output, checkedInputs(list), meta);
    }

    /** Adds an input that binds output variable {@code output} to parameter {@code parameter}. */
    @CheckReturnValue
    public Job withInput(String output, String parameter) {
        List<Input> list = new ArrayList<>(inputs);
        list.add(new Input(output, parameter));
        return new Job(name, identity, args, kwargs, this.output, checkedInputs(list), meta);
    }

    /** Adds or replaces meta entries (executor-specific overrides such as {@code timeout}). */
    @CheckReturnValue
    public Job withMeta(Map<String, ?> meta) {
        Args.notNull(meta, "Job.withMeta", "meta");
        Map<String, Object> merged = new LinkedHashMap<>(this.meta);
        merged.putAll(checkedMap(meta, "meta"));
        return new Job(name, identity, args, kwargs, output, inputs, Collections.unmodifiableMap(merged));
    }

    /** The same job with another identity; workflows assign identities, users need not. */
    Job withIdentity(String identity) {
        if (Objects.equals(identity, this.identity)) {
            return this;
        }
        return new Job(name, identity, args, kwargs, output, inputs, meta);
    }

    /** Rebuilds a job read back from JSON, without re-checking serializability. */
    static Job restore(String name, String identity, List<Object> args, Map<String, Object> kwargs,
                       String output, List<Input> inputs, Map<String, Object> meta) {
        requireName(name, "job name");
        // Empty collections are shared: a 10^6-job workflow read back from JSON is mostly empty ones.
        return new Job(name, identity,
                args.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(args)),
                kwargs.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs)),
                output, inputs.isEmpty() ? List.of() : List.copyOf(inputs),
                meta.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta)));
    }

    public String name() {
        return name;
    }

    /** The id the workflow gave this job ("1", "2", ...), or {@code null} outside a workflow. */
    public String identity() {
        return identity;
    }

    public List<Object> args() {
        return args;
    }

    public Map<String, Object> kwargs() {
        return kwargs;
    }

    /** The output variable, or {@code null}. */
    public String output() {
        return output;
    }

    public List<Input> inputs() {
        return inputs;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Job other
                && name.equals(other.name)
                && Objects.equals(identity, other.identity)
                && args.equals(other.args)
                && kwargs.equals(other.kwargs)
                && Objects.equals(output, other.output)
                && inputs.equals(other.inputs)
                && meta.equals(other.meta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, identity, args, kwargs, output, inputs, meta);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Job(");
        if (identity != null) {
            s.append(identity).append(' ');
        }
        s.append(name);
        if (!args.isEmpty()) {
            s.append(" args=").append(args);
        }
        if (!kwargs.isEmpty()) {
            s.append(" kwargs=").append(kwargs);
        }
        if (output != null) {
            s.append(" output=").append(output);
        }
        if (!inputs.isEmpty()) {
            s.append(" inputs=").append(inputs);
        }
        if (!meta.isEmpty()) {
            s.append(" meta=").append(meta);
        }
        return s.append(')').toString();
    }

    private Map<String, Object> checkedMap(Map<String, ?> map, String what) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new IllegalArgumentException("Job.with" + (what.equals("meta") ? "Meta" : "Kwargs") + ": a " + what
                        + " key must not be null or blank, got " + (e.getKey() == null ? "null" : "'" + e.getKey() + "'")
                        + " in " + map.keySet());
            }
            Json.requireSerializable(e.getValue(), () -> what + " '" + e.getKey() + "' of job " + this);
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    private List<Input> checkedInputs(List<Input> list) {
        for (int i = 0; i < list.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (list.get(i).parameter().equals(list.get(j).parameter())) {
                    throw new IllegalArgumentException("job " + this + " binds parameter '" + list.get(i).parameter()
                            + "' to two inputs: " + list.get(j) + " and " + list.get(i));
                }
            }
        }
        return List.copyOf(list);
    }

    static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
    }
}
