package dev.hymir;

import java.nio.file.Path;

/**
 * A child JVM for {@link JournalSafetyTest}: builds an engine on the journal directory {@code args[0]},
 * runs one workflow to the end, prints {@code BUILT <workflow id>} and holds the engine (and its lock)
 * until its stdin closes; or prints {@code ERROR <message>} and exits with 3 if build() failed.
 */
public final class JournalChild {
    private JournalChild() {
    }

    public static void main(String[] args) throws Exception {
        HymirEngine engine;
        try {
            engine = HymirEngine.builder().journal(Path.of(args[0])).build();
        } catch (HymirException e) {
            System.out.println("ERROR " + e.getMessage());
            System.out.flush();
            System.exit(3);
            return;
        }
        String id = engine.run(Workflow.of(Job.of(TestJobs::noop)));
        engine.await(id);
        System.out.println("BUILT " + id);
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the engine until the parent closes our stdin
        }
        engine.close();
    }
}
