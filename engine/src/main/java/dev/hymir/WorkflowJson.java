package dev.hymir;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hymir.internal.graph.Dag;
import dev.hymir.internal.json.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow JSON: Hymir's networkx {@code node_link_data} layout, so Python Hymir can read what
 * Java writes. {@code {"directed":true,"multigraph":false,"graph":{},"nodes":[{"id":"1","job":JOB}],
 * "links":[{"source":"1","target":"2"}],"callbacks":{"on_finished":JOB}}}, with JOB =
 * {@code {"n":name,"i":id,"a":[args],"k":{kwargs},">":output,"<":[inputs],"m":{meta}}}.
 */
final class WorkflowJson {
    record Parsed(Dag dag, Map<Callback, Job> callbacks) {
    }

    private WorkflowJson() {
    }

    static String write(Dag dag, Map<Callback, Job> callbacks) {
        StringWriter out = new StringWriter(64 + dag.size() * 96);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("directed", true);
            g.writeBooleanField("multigraph", false);
            g.writeObjectFieldStart("graph");
            g.writeEndObject();
            g.writeArrayFieldStart("nodes");
            for (int i = 0; i < dag.size(); i++) {
                Job job = dag.job(i);
                g.writeStartObject();
                g.writeStringField("id", job.identity());
                g.writeFieldName("job");
                writeJob(g, job);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("links");
            for (int i = 0; i < dag.size(); i++) {
                String target = dag.job(i).identity();
                for (int p : dag.predecessors(i)) {
                    g.writeStartObject();
                    g.writeStringField("source", dag.job(p).identity());
                    g.writeStringField("target", target);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeObjectFieldStart("callbacks");
            for (Callback c : Callback.values()) {
                Job job = callbacks.get(c);
                if (job != null) {
                    g.writeFieldName(c.jsonName());
                    writeJob(g, job);
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write workflow JSON", e);
        }
        return out.toString();
    }

    private static void writeJob(JsonGenerator g, Job job) throws IOException {
        g.writeStartObject();
        g.writeStringField("n", job.name());
        if (job.identity() == null) {
            g.writeNullField("i");
        } else {
            g.writeNumberField("i", Long.parseLong(job.identity()));
        }
        g.writeArrayFieldStart("a");
        for (Object arg : job.args()) {
            g.writeObject(arg);
        }
        g.writeEndArray();
        g.writeObjectField("k", job.kwargs());
        if (job.output() == null) {
            g.writeNullField(">");
        } else {
            g.writeStringField(">", job.output());
        }
        if (job.inputs().isEmpty()) {
            g.writeNullField("<");
        } else {
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
        g.writeObjectField("m", job.meta());
        g.writeEndObject();
    }

    static Parsed read(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidWorkflow.Malformed("workflow JSON is empty");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidWorkflow.Malformed("workflow JSON does not parse: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidWorkflow.Malformed("workflow JSON must be an object with \"nodes\" and \"links\"");
        }
        JsonNode nodes = root.get("nodes");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            throw new InvalidWorkflow.Malformed("workflow JSON needs a non-empty \"nodes\" array");
        }
        int n = nodes.size();
        Job[] jobs = new Job[n];
        for (int k = 0; k < n; k++) {
            JsonNode node = nodes.get(k);
            String id = text(node.get("id"));
            int index = Workflow.parseIndex(id, n);
            if (index < 0) {
                throw new InvalidWorkflow.Malformed("node " + k + " has id " + node.get("id") + ": node ids must be \"1\".."
                        + "\"" + n + "\" (one per node)");
            }
            if (jobs[index] != null) {
                throw new InvalidWorkflow.Malformed("node id \"" + id + "\" appears twice");
            }
            jobs[index] = readJob(node.get("job"), id, "node \"" + id + "\"");
        }
        JsonNode links = root.has("links") ? root.get("links") : root.get("edges");
        int count = links == null || links.isNull() ? 0 : links.size();
        if (links != null && !links.isNull() && !links.isArray()) {
            throw new InvalidWorkflow.Malformed("workflow JSON \"links\" must be an array");
        }
        int[] sources = new int[count];
        int[] targets = new int[count];
        for (int k = 0; k < count; k++) {
            JsonNode link = links.get(k);
            sources[k] = endpoint(link, "source", n, k);
            targets[k] = endpoint(link, "target", n, k);
        }
        Map<Callback, Job> callbacks = new EnumMap<>(Callback.class);
        JsonNode cbs = root.get("callbacks");
        if (cbs != null && !cbs.isNull()) {
            if (!cbs.isObject()) {
                throw new InvalidWorkflow.Malformed("workflow JSON \"callbacks\" must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = cbs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Callback when = null;
                for (Callback c : Callback.values()) {
                    if (c.jsonName().equals(e.getKey())) {
                        when = c;
                    }
                }
                if (when == null) {
                    throw new InvalidWorkflow.Malformed("unknown callback \"" + e.getKey() + "\" (known: on_finished, on_success, on_failure)");
                }
                callbacks.put(when, readJob(e.getValue(), null, "callback " + e.getKey()));
            }
        }
        return new Parsed(Dag.fromEdges(jobs, sources, targets, count), Collections.unmodifiableMap(callbacks));
    }

    private static int endpoint(JsonNode link, String field, int n, int k) {
        if (link == null || !link.isObject()) {
            throw new InvalidWorkflow.Malformed("link " + k + " must be an object with \"source\" and \"target\"");
        }
        String id = text(link.get(field));
        int index = Workflow.parseIndex(id, n);
        if (index < 0) {
            throw new InvalidWorkflow.Malformed("link " + k + " has " + field + " " + link.get(field) + ", which is not a node id");
        }
        return index;
    }

    private static Job readJob(JsonNode job, String identity, String where) {
        if (job == null || !job.isObject()) {
            throw new InvalidWorkflow.Malformed(where + " has no \"job\" object");
        }
        String name = text(job.get("n"));
        if (name == null || name.isBlank()) {
            throw new InvalidWorkflow.Malformed(where + " has a job without a name (\"n\")");
        }
        List<Object> args = new ArrayList<>();
        JsonNode a = job.get("a");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) {
                throw new InvalidWorkflow.Malformed(where + ": \"a\" (args) must be an array");
            }
            for (JsonNode arg : a) {
                args.add(value(arg));
            }
        }
        Map<String, Object> kwargs = object(job.get("k"), where, "k");
        String output = text(job.get(">"));
        List<Job.Input> inputs = new ArrayList<>();
        JsonNode in = job.get("<");
        if (in != null && !in.isNull()) {
            if (!in.isArray()) {
                throw new InvalidWorkflow.Malformed(where + ": \"<\" (inputs) must be an array");
            }
            for (JsonNode input : in) {
                if (input.isTextual()) {
                    inputs.add(Job.Input.parse(input.asText()));
                } else if (input.isArray() && input.size() == 2 && input.get(0).isTextual() && input.get(1).isTextual()) {
                    inputs.add(new Job.Input(input.get(0).asText(), input.get(1).asText()));
                } else {
                    throw new InvalidWorkflow.Malformed(where + ": input " + input + " must be a name or [output, parameter]");
                }
            }
        }
        Map<String, Object> meta = object(job.get("m"), where, "m");
        return Job.restore(name, identity, args, kwargs, output == null || output.isBlank() ? null : output, inputs, meta);
    }

    private static Map<String, Object> object(JsonNode node, String where, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidWorkflow.Malformed(where + ": \"" + field + "\" must be an object");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), value(e.getValue()));
        }
        return map;
    }

    private static Object value(JsonNode node) {
        try {
            return Json.MAPPER.treeToValue(node, Object.class);
        } catch (JsonProcessingException e) {
            throw new InvalidWorkflow.Malformed("cannot read value " + node, e);
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : null;
    }
}
