package dev.hymir;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.core.JsonToken;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.graph.DagBuilder;
import dev.hymir.internal.json.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.IdentityHashMap;

/**
 * The workflow JSON: Hymir's networkx {@code node_link_data} layout, so Python Hymir can read what
 * Java writes. {@code {"directed":true,"multigraph":false,"graph":{},"nodes":[{"id":"1","job":JOB}],
 * "links":[{"source":"1","target":"2"}],"callbacks":{"on_finished":JOB}}}, with JOB =
 * {@code {"n":name,"i":id,"a":[args],"k":{kwargs},">":output,"<":[inputs],"m":{meta}}}.
 */
final class WorkflowJson {
    /** The journal's compact predecessor lists (see {@link #writeCompact}). */
    static final String PREDECESSORS = "hymir_predecessors";
    record Parsed(Dag dag, Map<Callback, Job> callbacks) {
    }

    private WorkflowJson() {
    }

    static String write(Dag dag, Map<Callback, Job> callbacks) {
        return write(dag, callbacks, false);
    }

    /**
     * The journal's form: the same object, but instead of {@code "links"} (one per edge: 9·10^6 for
     * {@code Chain(Group(3000), Group(3000))}) each distinct predecessor list once,
     * {@code "hymir_predecessors":{"lists":[[0,1,2],[3]],"of":[-1,0,0,1]}}: job index {@code v} waits
     * for the job indices in {@code lists[of[v]]} ({@code -1}: none). {@link #read} takes both forms;
     * Python Hymir only the other.
     */
    static String writeCompact(Dag dag, Map<Callback, Job> callbacks) {
        return write(dag, callbacks, true);
    }

    private static String write(Dag dag, Map<Callback, Job> callbacks, boolean compact) {
        StringWriter out = new StringWriter(64 + dag.size() * 96);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("directed", true);
            g.writeBooleanField("multigraph", false);
            g.writeObjectFieldStart("graph");
            g.writeEndObject();
            g.writeArrayFieldStart("nodes");
            for (int i = 0; i < dag.size(); i++) {
                String id = Integer.toString(i + 1);
                g.writeStartObject();
                g.writeStringField("id", id);
                g.writeFieldName("job");
                writeJob(g, dag.template(i), i + 1, compact);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (compact) {
                writePredecessorLists(g, dag);
            } else {
                g.writeArrayFieldStart("links");
                int[] items = dag.listItems();
                for (int i = 0; i < dag.size(); i++) {
                    String target = Integer.toString(i + 1);
                    int l = dag.listOf(i);
                    for (int k = dag.listStart(l); k < dag.listStart(l + 1); k++) {
                        g.writeStartObject();
                        g.writeStringField("source", Integer.toString(items[k] + 1));
                        g.writeStringField("target", target);
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
            }
            g.writeFieldName("callbacks");
            writeCallbacks(g, callbacks, compact);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write workflow JSON", e);
        }
        return out.toString();
    }

    private static void writePredecessorLists(JsonGenerator g, Dag dag) throws IOException {
        int n = dag.size();
        int[] items = dag.listItems();
        g.writeObjectFieldStart(PREDECESSORS);
        g.writeArrayFieldStart("lists");
        for (int l = 1; l < dag.listCount(); l++) { // the Dag's own lists, each once (list 0 is "none")
            g.writeArray(items, dag.listStart(l), dag.listSize(l));
        }
        g.writeEndArray();
        int[] of = new int[n];
        for (int v = 0; v < n; v++) {
            of[v] = dag.listOf(v) - 1;
        }
        g.writeFieldName("of");
        g.writeArray(of, 0, n);
        g.writeEndObject();
    }

    /** One job in the journal's compact form (no identity, defaults left out), for the binary definition. */
    static String compactJobJson(Job job) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            writeCompactJob(g, job);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write job JSON", e);
        }
        return out.toString();
    }

    /** Reads one job written by {@link #compactJobJson}; {@link InvalidWorkflow.Malformed} naming {@code where}. */
    static Job readJobJson(String json, String where) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            p.nextToken();
            return readJob(p, where).withIdentity(null);
        } catch (JsonProcessingException e) {
            throw new InvalidWorkflow.Malformed(where + " does not parse: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The journal's form leaves out what {@link #readJob} defaults: the identity (the node id is the
     * identity) and empty args, kwargs, output, inputs and meta: ~40 instead of ~85 bytes per no-op job.
     */
    private static void writeCompactJob(JsonGenerator g, Job job) throws IOException {
        g.writeStartObject();
        g.writeStringField("n", job.name());
        if (!job.args().isEmpty()) {
            g.writeArrayFieldStart("a");
            for (Object arg : job.args()) {
                writeValue(g, arg);
            }
            g.writeEndArray();
        }
        if (!job.kwargs().isEmpty()) {
            writeMap(g, "k", job.kwargs());
        }
        if (job.output() != null) {
            g.writeStringField(">", job.output());
        }
        if (!job.inputs().isEmpty()) {
            writeInputs(g, job);
        }
        if (!job.meta().isEmpty()) {
            writeMap(g, "m", job.meta());
        }
        g.writeEndObject();
    }

    private static void writeInputs(JsonGenerator g, Job job) throws IOException {
        g.writeArrayFieldStart("<");
        for (Job.Input input : job.inputs()) {
            if (input.isRenamed()) {
                g.writeStartArray();
                g.writeString(input.output());
                g.writeString(input.parameter());
                g.writeEndArray();
            } else {
                g.writeString(input.output());
            }
        }
        g.writeEndArray();
    }

    /** {@code id}: the job's id as a number, 0 for a callback (which has none). */
    private static void writeJob(JsonGenerator g, Job job, int id, boolean compact) throws IOException {
        if (compact) {
            writeCompactJob(g, job);
        } else {
            writeJob(g, job, id);
        }
    }

    private static void writeJob(JsonGenerator g, Job job, int id) throws IOException {
        writeJobHead(g, job);
        if (id == 0) {
            g.writeNull();
        } else {
            g.writeNumber(id);
        }
        writeJobRest(g, job);
    }

    /** A job up to its identity's value: {@code {"n":name,"i":}. */
    private static void writeJobHead(JsonGenerator g, Job job) throws IOException {
        g.writeStartObject();
        g.writeStringField("n", job.name());
        g.writeFieldName("i");
    }

    /** A job after its identity's value: {@code ,"a":[...],"k":{...},">":...,"<":...,"m":{...}}}. */
    private static void writeJobRest(JsonGenerator g, Job job) throws IOException {
        g.writeArrayFieldStart("a");
        for (Object arg : job.args()) {
            writeValue(g, arg);
        }
        g.writeEndArray();
        writeMap(g, "k", job.kwargs());
        if (job.output() == null) {
            g.writeNullField(">");
        } else {
            g.writeStringField(">", job.output());
        }
        if (job.inputs().isEmpty()) {
            g.writeNullField("<");
        } else {
            writeInputs(g, job);
        }
        writeMap(g, "m", job.meta());
        g.writeEndObject();
    }

    /**
     * A node of {@link #write}'s form cut around its two copies of the job's id, so the same template
     * is written for any id without Jackson: {@code {"id":"} + id + [0] + id + [1]}, where [0] is
     * {@code ","job":{"n":name,"i":} and [1] the rest of the job and the node's closing brace.
     * {@code compact}: the node of {@link #writeCompact}, which holds the id once: [0] is everything
     * after it, [1] is empty. The bytes are what the generator writes in the whole document.
     */
    static byte[][] nodeFragments(Job template, boolean compact) {
        // A character generator, as in write(): the byte generator would escape what write() does not
        // (characters outside the BMP), and Python reads either but the bytes must be the same.
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject(); // the node: {"id":"1", then the job
            g.writeStringField("id", "1");
            g.writeFieldName("job");
            int idEnd = "{\"id\":\"1".length();
            if (compact) {
                writeCompactJob(g, template);
                g.writeEndObject();
                g.flush();
                return new byte[][] {utf8(out.toString().substring(idEnd)), new byte[0]};
            }
            writeJobHead(g, template);
            g.writeNumber(1); // Jackson writes the ':' before a value, not after its name: cut right around the "1"
            g.flush();
            int secondIdEnd = out.getBuffer().length();
            writeJobRest(g, template);
            g.writeEndObject();
            g.flush();
            String all = out.toString();
            return new byte[][] {utf8(all.substring(idEnd, secondIdEnd - 1)), utf8(all.substring(secondIdEnd))};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write workflow JSON", e);
        }
    }

    /** The {@code "callbacks"} object's bytes as {@link #write} (or, compact, {@link #writeCompact}) writes it. */
    static byte[] callbackBytes(Map<Callback, Job> callbacks, boolean compact) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            writeCallbacks(g, callbacks, compact);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write workflow JSON", e);
        }
        return utf8(out.toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeCallbacks(JsonGenerator g, Map<Callback, Job> callbacks, boolean compact) throws IOException {
        g.writeStartObject();
        for (Callback c : Callback.values()) {
            Job job = callbacks.get(c);
            if (job != null) {
                g.writeFieldName(c.jsonName());
                writeJob(g, job, 0, compact);
            }
        }
        g.writeEndObject();
    }

    /** Plain values are written directly; Jackson's databind is only asked for the others. */
    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeObject(value);
        }
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, Object> map) throws IOException {
        g.writeFieldName(field);
        if (map.isEmpty()) {
            g.writeStartObject();
            g.writeEndObject();
        } else {
            g.writeObject(map);
        }
    }

    /**
     * Streams the text (a 10^6-job workflow is ~150 MB of JSON; a tree of it would be several times
     * that). Keys may come in any order: Python writes them sorted, so "links" precede "nodes".
     */
    static Parsed read(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidWorkflow.Malformed("workflow JSON is empty");
        }
        List<String> nodeIds = new ArrayList<>();
        List<Job> nodeJobs = new ArrayList<>();
        int[] sources = new int[16];
        int[] targets = new int[16];
        int count = 0;
        String badLink = null;
        Map<Callback, Job> callbacks = new EnumMap<>(Callback.class);
        List<int[]> compactLists = null;
        int[] compactOf = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidWorkflow.Malformed("workflow JSON must be an object with \"nodes\" and \"links\"");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "nodes" -> {
                        requireArray(p, value, "nodes");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            int k = nodeIds.size();
                            if (p.currentToken() != JsonToken.START_OBJECT) {
                                throw new InvalidWorkflow.Malformed("node " + k + " must be an object with \"id\" and \"job\"");
                            }
                            String id = null;
                            Job job = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                JsonToken t = p.nextToken();
                                if (f.equals("id")) {
                                    id = t.isScalarValue() ? p.getValueAsString() : null;
                                } else if (f.equals("job")) {
                                    job = readJob(p, "node " + k);
                                } else {
                                    p.skipChildren();
                                }
                            }
                            if (job == null) {
                                throw new InvalidWorkflow.Malformed("node " + k + " has no \"job\" object");
                            }
                            nodeIds.add(id);
                            nodeJobs.add(job);
                        }
                    }
                    case "links", "edges" -> {
                        if (value == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        requireArray(p, value, field);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (p.currentToken() != JsonToken.START_OBJECT) {
                                throw new InvalidWorkflow.Malformed("link " + count + " must be an object with \"source\" and \"target\"");
                            }
                            String source = null;
                            String target = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                JsonToken t = p.nextToken();
                                String text = t.isScalarValue() && t != JsonToken.VALUE_NULL ? p.getValueAsString() : null;
                                if (!t.isScalarValue()) {
                                    p.skipChildren();
                                }
                                if (f.equals("source")) {
                                    source = text;
                                } else if (f.equals("target")) {
                                    target = text;
                                }
                            }
                            if (count == sources.length) {
                                sources = java.util.Arrays.copyOf(sources, count * 2);
                                targets = java.util.Arrays.copyOf(targets, count * 2);
                            }
                            // Range-checked once the number of nodes is known; -1 marks a bad id.
                            sources[count] = Workflow.parseIndex(source, Integer.MAX_VALUE);
                            targets[count] = Workflow.parseIndex(target, Integer.MAX_VALUE);
                            if (badLink == null && sources[count] < 0) {
                                badLink = "link " + count + " has source " + quoted(source) + ", which is not a node id";
                            } else if (badLink == null && targets[count] < 0) {
                                badLink = "link " + count + " has target " + quoted(target) + ", which is not a node id";
                            }
                            count++;
                        }
                    }
                    case PREDECESSORS -> {
                        if (value != JsonToken.START_OBJECT) {
                            throw new InvalidWorkflow.Malformed("workflow JSON \"" + PREDECESSORS + "\" must be an object with \"lists\" and \"of\"");
                        }
                        compactLists = new ArrayList<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken t = p.nextToken();
                            if (f.equals("lists")) {
                                requireArray(p, t, PREDECESSORS + ".lists");
                                while (p.nextToken() != JsonToken.END_ARRAY) {
                                    compactLists.add(readInts(p, PREDECESSORS + ".lists[" + compactLists.size() + "]"));
                                }
                            } else if (f.equals("of")) {
                                compactOf = readInts(p, PREDECESSORS + ".of");
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    case "callbacks" -> {
                        if (value == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        if (value != JsonToken.START_OBJECT) {
                            throw new InvalidWorkflow.Malformed("workflow JSON \"callbacks\" must be an object");
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            Callback when = null;
                            for (Callback c : Callback.values()) {
                                if (c.jsonName().equals(name)) {
                                    when = c;
                                }
                            }
                            if (when == null) {
                                throw new InvalidWorkflow.Malformed("unknown callback \"" + name + "\" (known: on_finished, on_success, on_failure)");
                            }
                            callbacks.put(when, readJob(p, "callback " + name).withIdentity(null));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new InvalidWorkflow.Malformed("workflow JSON does not parse: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = nodeIds.size();
        if (n == 0) {
            throw new InvalidWorkflow.Malformed("workflow JSON needs a non-empty \"nodes\" array");
        }
        Job[] jobs = new Job[n];
        for (int k = 0; k < n; k++) {
            String id = nodeIds.get(k);
            int index = Workflow.parseIndex(id, n);
            if (index < 0) {
                throw new InvalidWorkflow.Malformed("node " + k + " has id " + quoted(id) + ": node ids must be \"1\".."
                        + "\"" + n + "\" (one per node)");
            }
            if (jobs[index] != null) {
                throw new InvalidWorkflow.Malformed("node id \"" + id + "\" appears twice");
            }
            jobs[index] = nodeJobs.get(k);
        }
        nodeJobs.clear();
        JobTemplates templates = new JobTemplates();
        int[] templateOf = new int[n];
        for (int v = 0; v < n; v++) {
            templateOf[v] = templates.indexOf(jobs[v]);
            jobs[v] = null;
        }
        if (compactLists != null) {
            if (count > 0) {
                throw new InvalidWorkflow.Malformed("workflow JSON has both \"links\" and \"" + PREDECESSORS + "\": give one");
            }
            return new Parsed(compactDag(templates.toArray(), templateOf, compactLists, compactOf), Collections.unmodifiableMap(callbacks));
        }
        if (badLink != null) {
            throw new InvalidWorkflow.Malformed(badLink);
        }
        for (int k = 0; k < count; k++) {
            if (sources[k] >= n) {
                throw new InvalidWorkflow.Malformed("link " + k + " has source \"" + (sources[k] + 1) + "\", which is not a node id");
            }
            if (targets[k] >= n) {
                throw new InvalidWorkflow.Malformed("link " + k + " has target \"" + (targets[k] + 1) + "\", which is not a node id");
            }
        }
        return new Parsed(DagBuilder.fromEdges(templates.toArray(), templateOf, n, sources, targets, count),
                Collections.unmodifiableMap(callbacks));
    }

    private static Dag compactDag(Job[] templates, int[] templateOf, List<int[]> lists, int[] of) {
        int n = templateOf.length;
        if (of == null || of.length != n) {
            throw new InvalidWorkflow.Malformed("workflow JSON \"" + PREDECESSORS + ".of\" must hold one entry per node ("
                    + n + "), found " + (of == null ? "none" : of.length));
        }
        DagBuilder b = new DagBuilder(false, false);
        int[] listIds = new int[lists.size()];
        for (int k = 0; k < lists.size(); k++) {
            for (int x : lists.get(k)) {
                if (x < 0 || x >= n) {
                    throw new InvalidWorkflow.Malformed("workflow JSON \"" + PREDECESSORS + ".lists[" + k + "]\" names job index "
                            + x + ": job indices are 0.." + (n - 1));
                }
            }
            listIds[k] = b.list(lists.get(k));
        }
        for (int v = 0; v < n; v++) {
            int k = of[v];
            if (k < -1 || k >= lists.size()) {
                throw new InvalidWorkflow.Malformed("workflow JSON \"" + PREDECESSORS + ".of[" + v + "]\" is " + k
                        + ": expected -1 or a list index 0.." + (lists.size() - 1));
            }
            b.job(templateOf[v], k < 0 ? 0 : listIds[k]);
        }
        return b.build(templates);
    }

    private static int[] readInts(JsonParser p, String what) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidWorkflow.Malformed("workflow JSON \"" + what + "\" must be an array of integers");
        }
        int[] values = new int[8];
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new InvalidWorkflow.Malformed("workflow JSON \"" + what + "\" must be an array of integers");
            }
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            values[count++] = p.getIntValue();
        }
        return java.util.Arrays.copyOf(values, count);
    }

    private static void requireArray(JsonParser p, JsonToken value, String field) {
        if (value != JsonToken.START_ARRAY) {
            throw new InvalidWorkflow.Malformed("workflow JSON \"" + field + "\" must be an array");
        }
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** Reads one JOB object ({@code {"n","i","a","k",">","<","m"}}); the parser is on its START_OBJECT. */
    private static Job readJob(JsonParser p, String where) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new InvalidWorkflow.Malformed(where + " has no \"job\" object");
        }
        String name = null;
        String output = null;
        List<Object> args = List.of();
        Map<String, Object> kwargs = Map.of();
        Map<String, Object> meta = Map.of();
        List<Job.Input> inputs = new ArrayList<>(0);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "n" -> name = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case ">" -> output = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "a" -> {
                    if (t == JsonToken.START_ARRAY) {
                        args = LIST.readValue(p);
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw new InvalidWorkflow.Malformed(where + ": \"a\" (args) must be an array");
                    }
                }
                case "k", "m" -> {
                    Map<String, Object> map = Map.of();
                    if (t == JsonToken.START_OBJECT) {
                        map = MAP.readValue(p);
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw new InvalidWorkflow.Malformed(where + ": \"" + f + "\" must be an object");
                    }
                    if (f.equals("k")) {
                        kwargs = map;
                    } else {
                        meta = map;
                    }
                }
                case "<" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (t != JsonToken.START_ARRAY) {
                        throw new InvalidWorkflow.Malformed(where + ": \"<\" (inputs) must be an array");
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == JsonToken.VALUE_STRING) {
                            inputs.add(Job.Input.parse(p.getText()));
                            continue;
                        }
                        List<Object> pair = p.currentToken() == JsonToken.START_ARRAY ? LIST.readValue(p) : null;
                        if (pair == null || pair.size() != 2 || !(pair.get(0) instanceof String out) || !(pair.get(1) instanceof String param)) {
                            throw new InvalidWorkflow.Malformed(where + ": input " + pair + " must be a name or [output, parameter]");
                        }
                        inputs.add(new Job.Input(out, param));
                    }
                }
                default -> p.skipChildren(); // "i": the node id is the identity
            }
        }
        if (name == null || name.isBlank()) {
            throw new InvalidWorkflow.Malformed(where + " has a job without a name (\"n\")");
        }
        return Job.restore(name, null, args, kwargs, output == null || output.isBlank() ? null : output, inputs, meta);
    }

    // Readers built once: resolving the target type per call costs more than reading a small value.
    private static final ObjectReader LIST = Json.MAPPER.readerFor(new TypeReference<List<Object>>() {
    });
    private static final ObjectReader MAP = Json.MAPPER.readerFor(new TypeReference<Map<String, Object>>() {
    });

}
