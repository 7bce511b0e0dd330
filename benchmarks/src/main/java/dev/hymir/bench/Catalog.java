package dev.hymir.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What the harness knows by name: the table's shapes, the contenders, the sections. {@code --shapes}, {@code --contenders} and {@code --sections} take these
 * names, and an unknown one is refused with the valid ones listed ({@link Options}).
 */
final class Catalog {
    private Catalog() {
    }

    static final long SEED = 42;

    /** One shape of the table: its command-line key, its full size at a scale, and its tiny size for --quick. */
    record ShapeSpec(String key, DoubleFunction<Shape> scaled, Supplier<Shape> quick) {
        Shape build(Options options) {
            return options.quick() ? quick.get() : scaled.apply(options.scale());
        }
    }

    static List<ShapeSpec> shapes() {
        return List.of(
                new ShapeSpec("fanout", s -> Shape.fanOut(size(1_000_000, s)), () -> Shape.fanOut(1_000)),
                new ShapeSpec("chain", s -> Shape.chain(size(100_000, s)), () -> Shape.chain(200)),
                new ShapeSpec("layered", s -> Shape.layered(size(1_000_000, s), 1_000, SEED),
                        () -> Shape.layered(2_000, 100, SEED)),
                new ShapeSpec("diamond", s -> Shape.diamonds(size(3_333, s)), () -> Shape.diamonds(50)),
                new ShapeSpec("groups", s -> Shape.twoGroups(size(3_000, s)), () -> Shape.twoGroups(100)),
                // Small versions of the big shapes, so contenders capped below 10^6 jobs (Dexecutor)
                // still get a figure next to the floor's.
                new ShapeSpec("fanout-small", s -> Shape.fanOut(size(2_000, s)), () -> Shape.fanOut(100)),
                new ShapeSpec("layered-small", s -> Shape.layered(size(10_000, s), 1_000, SEED),
                        () -> Shape.layered(400, 100, SEED)));
    }

    /** {@code --shapes none}: no table, only the sections (e.g. one section in a JVM of its own). */
    static final String NO_SHAPES = "none";

    static List<String> shapeKeys() {
        List<String> keys = new ArrayList<>(shapes().stream().map(ShapeSpec::key).toList());
        keys.add(NO_SHAPES);
        return keys;
    }

    private static int size(int full, double scale) {
        return Math.max(4, (int) Math.round(full * scale));
    }

    /**
     * The scale section's shapes at {@code jobs} jobs: a fan-out (root, {@code jobs} jobs, sink) and a
     * layered DAG (layers of 1,000, or of {@code jobs / 10} if that is smaller; 4 predecessors each).
     */
    static List<IntFunction<Shape>> scaleShapes() {
        return List.of(Shape::fanOut, jobs -> Shape.layered(jobs, Math.max(4, Math.min(1_000, jobs / 10)), SEED));
    }

    /** The only contenders the scale section runs ({@link Scale} says why). */
    static final List<String> SCALE_CONTENDERS = List.of("hymir", "hymir-journal");

    /** Every contender, floor first; hymir-redis on {@code redisUrl}, or unavailable for {@code noRedis} if that is null. */
    static List<Contender> contenders(String redisUrl, String noRedis) {
        List<Contender> all = new ArrayList<>();
        all.add(new Floor());
        all.addAll(HymirContenders.all());
        all.add(new HymirRedisContender(redisUrl, noRedis, false));
        all.add(new HymirRedisContender(redisUrl, noRedis, true));
        all.add(Floor.onPlatformPool());
        all.add(new RawVirtualThreads());
        all.add(new CompletableFutureDag());
        all.add(new DexecutorContender());
        return all;
    }

    static List<String> contenderNames() {
        return contenders(null, "listing names").stream().map(Contender::name).toList();
    }

    /**
     * {@code --sections}: what runs after the table. {@code small}: many small workflows
     * ({@link SmallWorkflows}); {@code replay}: {@link ReplayBench}; {@code latency}: {@link LatencyBench};
     * {@code scale}: 10^7 jobs ({@link Scale}); {@code waiting}: 10^6 sleeping jobs ({@link WaitingJobs});
     * {@code none}: nothing. Scale and waiting take minutes: they run only when named, and with --quick
     * (at a tiny size, so CI runs their code).
     */
    static final List<String> SECTIONS = List.of("small", "replay", "latency", "scale", "waiting", "none");
    static final List<String> DEFAULT_SECTIONS = List.of("small", "replay", "latency");
    static final List<String> QUICK_SECTIONS = List.of("small", "replay", "latency", "scale", "waiting");
}
