package dev.hymir.cli;

import dev.hymir.InvalidWorkflow;
import dev.hymir.Job;
import dev.hymir.Workflow;
import dev.hymir.WorkflowDiagram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Draws a demo shape or a workflow JSON file as Graphviz DOT, Mermaid or SVG. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Draws a demo shape or a workflow JSON file (Workflow.toJson, or Python Hymir's)"
                + " as DOT, Mermaid or SVG. Like jobs side by side are drawn as one box."},
        footer = {"", "Examples:",
                "  hymir render --shape diamond --jobs 10",
                "  hymir render --file workflow.json --format mermaid",
                "  hymir render --file workflow.json --format svg --output workflow.svg   (needs Graphviz)"})
final class RenderCommand implements Callable<Integer> {
    enum Format { dot, mermaid, svg }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", paramLabel = "FILE", description = "A workflow JSON file (instead of --shape).")
    Path file;

    @Option(names = "--shape", paramLabel = "SHAPE",
            description = "A demo shape: fanout, chain, diamond, random. Default: fanout when no --file.")
    DemoShape.Kind shape;

    @Option(names = "--jobs", defaultValue = "5", paramLabel = "N",
            description = "Size of the demo shape. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random shape. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--format", defaultValue = "dot", paramLabel = "FORMAT",
            description = "dot, mermaid or svg (svg runs Graphviz's 'dot'). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write here instead of stdout (required for svg).")
    Path output;

    @Override
    public Integer call() {
        if (file != null && shape != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--file and --shape are alternatives: give one of them");
        }
        if (jobs < 1 || jobs > DemoShape.MAX_JOBS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--jobs must be between 1 and " + DemoShape.MAX_JOBS + ", was " + jobs);
        }
        if (format == Format.svg && output == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format svg writes a file: add --output FILE.svg");
        }
        Workflow wf = file != null ? readWorkflow(file)
                : DemoShape.of(shape == null ? DemoShape.Kind.fanout : shape, jobs, seed)
                        .toWorkflow(Job.named(DemoJobs.JOB_NAME));
        switch (format) {
            case dot -> emit(WorkflowDiagram.dot(wf));
            case mermaid -> emit(WorkflowDiagram.mermaid(wf));
            case svg -> renderSvg(wf);
        }
        return 0;
    }

    static Workflow readWorkflow(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + file + " (check the --file path)", e);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Workflow.fromJson(json);
        } catch (InvalidWorkflow e) {
            throw new UserError(file + " is not a valid workflow: " + Errors.firstLine(e.getMessage())
                    + " (fix the file, or write it with Workflow.toJson())", e);
        }
    }

    private void emit(String text) {
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return;
        }
        try {
            Files.writeString(output, text);
        } catch (IOException e) {
            throw new UserError("cannot write " + output + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): check that its directory exists and is writable", e);
        }
    }

    private void renderSvg(Workflow wf) {
        if (!output.getFileName().toString().endsWith(".svg")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format svg needs an --output file ending in .svg, was " + output);
        }
        try {
            WorkflowDiagram.render(wf, output);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UserError("cannot render " + output + ": " + Errors.firstLine(e.getMessage()), e);
        }
    }
}
