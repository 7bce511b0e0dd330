package dev.hymir;

import dev.hymir.internal.ReservedInputs;
import dev.hymir.internal.registry.JobTarget;
import dev.hymir.internal.registry.Param;
import dev.hymir.internal.reflect.MethodRefs;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves job names to code. The allow-list is the {@link JobFunction} annotation: a name such as
 * {@code com.acme.Reports.start} resolves only to a static method that carries it, so a name read
 * back from a journal or from Redis never loads and runs arbitrary code. Lambdas and bean methods
 * are registered under explicit names. {@code register} adds to this registry and returns it, so
 * {@code registry.register(...)} as a statement registers, and calls chain. Thread-safe: registering
 * while an engine resolves names is fine, and an engine built with this registry sees names
 * registered later.
 *
 * <pre>{@code
 * JobRegistry registry = JobRegistry.standard();
 * registry.register(Reports.class);                          // also finds @JobFunction(name = "...")
 * registry.register("send-mail", call -> mailer.send(call.args()))
 *         .register("audit", auditService, "record");
 * }</pre>
 */
public final class JobRegistry {
    private final ClassLoader loader;
    private final boolean annotatedByName;
    /** Registered names; written under the registry's lock (a registration lands whole), read without. */
    private final Map<String, JobTarget> explicit = new ConcurrentHashMap<>();
    private final Map<String, JobTarget> resolved = new ConcurrentHashMap<>();

    private JobRegistry(ClassLoader loader, boolean annotatedByName) {
        this.loader = loader;
        this.annotatedByName = annotatedByName;
    }

    /** Resolves {@code Class.method} names of {@link JobFunction} methods, loaded by the context class loader. */
    public static JobRegistry standard() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return standard(context != null ? context : JobRegistry.class.getClassLoader());
    }

    /** Resolves {@code Class.method} names of {@link JobFunction} methods, loaded by {@code loader}. */
    public static JobRegistry standard(ClassLoader loader) {
        Args.notNull(loader, "JobRegistry.standard", "loader");
        return new JobRegistry(loader, true);
    }

    /** Resolves only what is registered explicitly; no class is loaded by name. */
    public static JobRegistry explicitOnly() {
        return new JobRegistry(JobRegistry.class.getClassLoader(), false);
    }

    /**
     * Registers every {@link JobFunction} method of {@code type} under its name (custom names
     * included) in this registry, all or none; returns this registry.
     */
    public JobRegistry register(Class<?> type) {
        Args.notNull(type, "JobRegistry.register", "type");
        Map<String, JobTarget> added = new HashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            JobFunction annotation = m.getAnnotation(JobFunction.class);
            if (annotation == null) {
                continue;
            }
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new IllegalArgumentException("@JobFunction " + MethodRefs.describe(m)
                        + " is not static: make it static, or register its bean with register(name, bean, \"" + m.getName() + "\")");
            }
            String name = JobNames.of(m, annotation);
            if (added.containsKey(name)) {
                throw new IllegalArgumentException("two @JobFunction methods of " + type.getName() + " are named '" + name
                        + "': give one a distinct @JobFunction(name = ...)");
            }
            added.put(name, methodTarget(name, m, null));
        }
        if (added.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no @JobFunction methods");
        }
        return with(added);
    }

    /** Registers a handler (e.g. a lambda) under {@code name} in this registry; returns this registry. */
    public JobRegistry register(String name, JobHandler handler) {
        Job.requireName(name, "job name");
        Args.notNull(handler, "JobRegistry.register", "handler");
        return with(Map.of(name, new JobTarget.HandlerTarget(name, handler)));
    }

    /**
     * Registers the public method {@code methodName} of {@code bean} under {@code name} in this
     * registry; returns this registry.
     */
    public JobRegistry register(String name, Object bean, String methodName) {
        Job.requireName(name, "job name");
        Args.notNull(bean, "JobRegistry.register", "bean");
        Job.requireName(methodName, "methodName");
        List<Method> candidates = new ArrayList<>();
        for (Method m : bean.getClass().getMethods()) {
            if (m.getName().equals(methodName) && !Modifier.isStatic(m.getModifiers()) && !m.isBridge()) {
                candidates.add(m);
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(bean.getClass().getName() + " has " + candidates.size()
                    + " public instance methods named '" + methodName + "'; register needs exactly one");
        }
        Method method = candidates.get(0);
        method.setAccessible(true);
        return with(Map.of(name, methodTarget(name, method, bean)));
    }

    /**
     * Checks that every job and callback of {@code workflow} resolves and that its args, kwargs and
     * inputs fit the function's parameters. The engine calls this at {@code run()}.
     *
     * @throws InvalidWorkflow.UnknownJob        a name that does not resolve
     * @throws InvalidWorkflow.SignatureMismatch too many args, an unknown kwarg, a parameter bound twice or never
     */
    public void validate(Workflow workflow) {
        Args.notNull(workflow, "JobRegistry.validate", "workflow");
        validate(workflow, false);
    }

    /**
     * {@link #validate(Workflow)}; with {@code jobsElsewhere}, a job (not a callback) whose name this
     * registry does not know passes: workers in other processes resolve it through their own registry.
     */
    void validate(Workflow workflow, boolean jobsElsewhere) {
        Map<String, JobTarget> checked = new HashMap<>();
        Set<Object> seenShapes = new HashSet<>();
        dev.hymir.internal.graph.Dag dag = workflow.dag();
        int[] first = new int[dag.templateCount()]; // per distinct job, the first id that is it (for messages)
        for (int i = dag.size() - 1; i >= 0; i--) {
            first[dag.templateIndex(i)] = i + 1;
        }
        // The workflow stores each distinct job once: a Group of 10^6 like jobs is checked once.
        for (int t = 0; t < dag.templateCount(); t++) {
            Job job = dag.templateAt(t);
            if (jobsElsewhere && !checked.containsKey(job.name()) && !contains(job.name())) {
                continue; // the workers' registries decide
            }
            check(job, "job " + first[t], checked, seenShapes);
        }
        for (Map.Entry<Callback, Job> e : workflow.callbacks().entrySet()) {
            check(e.getValue(), e.getKey() + " callback", checked, seenShapes);
        }
    }


    /**
     * Checks one job's args, kwargs and inputs against its function, as {@link #validate} does for each
     * job of a workflow: for workers, whose coordinator may not know the name.
     */
    void check(Job job, String where) {
        check(job, where, new HashMap<>(), new HashSet<>());
    }

    /** Whether {@code name} resolves. */
    public boolean contains(String name) {
        Args.notNull(name, "JobRegistry.contains", "name");
        try {
            target(name);
            return true;
        } catch (InvalidWorkflow.UnknownJob e) {
            return false;
        }
    }

    /** Resolves a name, or throws {@link InvalidWorkflow.UnknownJob} saying why not. */
    JobTarget target(String name) {
        JobTarget target = explicit.get(name);
        if (target != null) {
            return target;
        }
        target = resolved.get(name);
        if (target != null) {
            return target;
        }
        target = resolveAnnotated(name);
        resolved.put(name, target);
        return target;
    }

    private void check(Job job, String where, Map<String, JobTarget> checked, Set<Object> seenShapes) {
        JobTarget target = checked.computeIfAbsent(job.name(), this::target);
        if (!(target instanceof JobTarget.MethodTarget method)) {
            return;
        }
        // Many jobs share a shape (a Group of 10^6 like jobs): check each shape once.
        if (!seenShapes.add(List.of(job.name(), job.args().size(), job.kwargs().keySet(), job.inputs()))) {
            return;
        }
        List<Param> params = method.params();
        String who = where + " (" + job.name() + ")";
        if (job.args().size() > params.size()) {
            throw new InvalidWorkflow.SignatureMismatch(who + " has " + job.args().size() + " positional args but "
                    + MethodRefs.describe(method.method()) + " takes " + params.size());
        }
        Map<String, Param> byName = new HashMap<>();
        for (Param p : params) {
            if (p.name() != null) {
                byName.put(p.name(), p);
            }
        }
        boolean[] bound = new boolean[params.size()];
        for (int i = 0; i < job.args().size(); i++) {
            bound[i] = true;
        }
        for (String kwarg : job.kwargs().keySet()) {
            Param p = byName.get(kwarg);
            if (p == null) {
                throw new InvalidWorkflow.SignatureMismatch(who + " has kwarg '" + kwarg + "' but "
                        + MethodRefs.describe(method.method()) + " has no such parameter" + namesHint(params));
            }
            if (bound[p.position()]) {
                throw new InvalidWorkflow.SignatureMismatch(who + " sets parameter '" + kwarg + "' twice: by position "
                        + p.position() + " and as a kwarg");
            }
            bound[p.position()] = true;
        }
        for (Job.Input input : job.inputs()) {
            Param p = byName.get(input.parameter());
            if (p == null) {
                throw new InvalidWorkflow.SignatureMismatch(who + " binds input '" + input + "' to parameter '"
                        + input.parameter() + "' but " + MethodRefs.describe(method.method()) + " has no such parameter"
                        + namesHint(params));
            }
            if (bound[p.position()] && !job.kwargs().containsKey(input.parameter())) {
                throw new InvalidWorkflow.SignatureMismatch(who + " binds input '" + input + "' to parameter '"
                        + input.parameter() + "', which is already set by position " + p.position());
            }
            bound[p.position()] = true; // an explicit kwarg wins over the input: fine
        }
        for (Param p : params) {
            if (!bound[p.position()]) {
                String name = p.name() == null ? "#" + p.position() : "'" + p.name() + "'";
                throw new InvalidWorkflow.SignatureMismatch(who + " gives no value to parameter " + name + " of "
                        + MethodRefs.describe(method.method()) + ": pass it with set(...) or withKwargs(...), or bind an input"
                        + (p.name() != null && ReservedInputs.isReserved(p.name()) ? " (withInputs(\"" + p.name() + "\") for the reserved input)" : ""));
            }
        }
    }

    private static String namesHint(List<Param> params) {
        List<String> names = new ArrayList<>();
        boolean unnamed = false;
        for (Param p : params) {
            if (p.name() == null) {
                unnamed = true;
            } else {
                names.add(p.name());
            }
        }
        return " (parameters: " + names + (unnamed ? "; some are unnamed: compile with -parameters or use @JobFunction.Param" : "") + ")";
    }

    private JobTarget resolveAnnotated(String name) {
        int dot = name.lastIndexOf('.');
        if (!annotatedByName || dot <= 0 || dot == name.length() - 1) {
            throw unknown(name, annotatedByName ? "it is not registered and is not of the form 'com.acme.Class.method'" : "it is not registered");
        }
        String className = name.substring(0, dot);
        String methodName = name.substring(dot + 1);
        Class<?> type;
        try {
            type = Class.forName(className, false, loader); // no static initialiser runs here
        } catch (ClassNotFoundException | LinkageError e) {
            throw unknown(name, "class " + className + " is not on the classpath");
        }
        Method found = null;
        boolean unannotated = false;
        for (Method m : type.getDeclaredMethods()) {
            if (!m.getName().equals(methodName)) {
                continue;
            }
            JobFunction annotation = m.getAnnotation(JobFunction.class);
            if (annotation == null || !Modifier.isStatic(m.getModifiers())) {
                unannotated = true;
                continue;
            }
            if (!JobNames.of(m, annotation).equals(name)) {
                continue;
            }
            if (found != null) {
                throw unknown(name, "several static @JobFunction methods are named " + methodName + " in " + className
                        + "; give each a distinct @JobFunction(name = ...) and register the class");
            }
            found = m;
        }
        if (found == null) {
            throw unknown(name, unannotated
                    ? className + "." + methodName + " is not a static method annotated @JobFunction (only those may run by name)"
                    : className + " has no method " + methodName);
        }
        found.setAccessible(true);
        return methodTarget(name, found, null);
    }

    private static JobTarget methodTarget(String name, Method method, Object receiver) {
        return new JobTarget.MethodTarget(name, method, receiver, Param.of(method));
    }

    private static InvalidWorkflow.UnknownJob unknown(String name, String why) {
        return new InvalidWorkflow.UnknownJob(name, "unknown job '" + name + "': " + why);
    }

    /** Adds {@code added} to this registry, all or none: a clash with another target registers nothing. */
    private synchronized JobRegistry with(Map<String, JobTarget> added) {
        for (Map.Entry<String, JobTarget> e : added.entrySet()) {
            JobTarget previous = explicit.get(e.getKey());
            if (previous != null && !sameTarget(previous, e.getValue())) {
                throw new IllegalArgumentException("job name '" + e.getKey() + "' is already registered");
            }
        }
        explicit.putAll(added);
        return this;
    }

    private static boolean sameTarget(JobTarget a, JobTarget b) {
        return a instanceof JobTarget.MethodTarget ma && b instanceof JobTarget.MethodTarget mb
                && ma.method().equals(mb.method()) && ma.receiver() == mb.receiver();
    }
}
