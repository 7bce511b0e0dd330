package dev.hymir.testing;

import dev.hymir.HymirEngine;
import dev.hymir.RedisStateStore;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JUnit 5 extension behind {@link HymirTest}: resolves parameters of type {@link HymirEngine},
 * {@link LocalRedisServer}, {@link ManualClock} and {@link Path} (the journal's directory) and closes what
 * it made after the test (the engine first, then the redis-server, then the journal's directory).
 * Registered by {@code @HymirTest}, or with {@code @ExtendWith(HymirExtension.class)}, where its settings
 * are {@code @HymirTest}'s defaults (an in-memory engine).
 *
 * <p>The engine is the one {@code HymirEngine.builder()} makes, with the test's clock, Redis store and
 * journal when asked for. A test that needs other settings (a job registry, a concurrency limit) builds its
 * own engine and can still take the redis-server and the clock from here.
 */
public final class HymirExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HymirExtension.class);
    private static final List<Class<?>> RESOLVED = List.of(HymirEngine.class, LocalRedisServer.class, ManualClock.class);

    /** Made by JUnit when a test class or method is annotated with {@link HymirTest} or extended with this. */
    public HymirExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (RESOLVED.contains(type)) {
            return true;
        }
        // A Path is the journal's directory only when the test asked for a journal: @TempDir and other
        // resolvers keep theirs.
        return type == Path.class && !parameter.getParameter().isAnnotationPresent(org.junit.jupiter.api.io.TempDir.class)
                && settings(context).journal();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        boolean wantsClock = Arrays.asList(parameter.getDeclaringExecutable().getParameterTypes()).contains(ManualClock.class);
        boolean wantsRedis = Arrays.asList(parameter.getDeclaringExecutable().getParameterTypes()).contains(LocalRedisServer.class);
        Resources r = context.getStore(NAMESPACE).getOrComputeIfAbsent(Resources.class,
                k -> new Resources(settings(context), wantsClock, wantsRedis), Resources.class);
        if (type == HymirEngine.class) {
            return r.engine;
        }
        if (type == LocalRedisServer.class) {
            return require(r.redis, "a LocalRedisServer", context);
        }
        if (type == ManualClock.class) {
            return require(r.clock, "a ManualClock", context);
        }
        return require(r.journalDir, "the journal's directory", context);
    }

    private static <T> T require(T value, String what, ExtensionContext context) {
        if (value == null) {
            throw new ParameterResolutionException("HymirExtension: " + context.getDisplayName() + " asks for " + what
                    + " after its engine was made without it (e.g. by a @BeforeEach method that did not ask for it):"
                    + " ask for it where the engine is first asked for, or set it on @HymirTest");
        }
        return value;
    }

    /** The nearest {@code @HymirTest}: the test method's, else its class's (or an enclosing class's). */
    private static HymirTest settings(ExtensionContext context) {
        Optional<ExtensionContext> at = Optional.of(context);
        while (at.isPresent()) {
            Optional<HymirTest> found = AnnotationSupport.findAnnotation(at.get().getElement(), HymirTest.class);
            if (found.isPresent()) {
                return found.get();
            }
            at = at.get().getParent();
        }
        return Defaults.class.getAnnotation(HymirTest.class);
    }

    /** Carries the defaults of {@code @HymirTest} for tests that use {@code @ExtendWith(HymirExtension.class)} alone. */
    @HymirTest
    private static final class Defaults {
    }

    /** What one test (or one class, when a class-level method asked) was given; JUnit closes it after. */
    private static final class Resources implements AutoCloseable {
        final ManualClock clock;
        final LocalRedisServer redis;
        final Path journalDir;
        final HymirEngine engine;

        Resources(HymirTest settings, boolean wantsClock, boolean wantsRedis) {
            clock = settings.manualClock() || wantsClock ? new ManualClock() : null;
            redis = settings.redis() || wantsRedis ? LocalRedisServer.start() : null;
            Path dir = null;
            try {
                dir = settings.journal() ? Files.createTempDirectory("hymir-test-journal-") : null;
                HymirEngine.Builder builder = HymirEngine.builder();
                if (clock != null) {
                    builder.clock(clock);
                }
                if (redis != null) {
                    builder.stateStore(RedisStateStore.connect(redis.url()));
                }
                if (dir != null) {
                    builder.journal(dir);
                }
                engine = builder.build();
                journalDir = dir;
            } catch (IOException | RuntimeException e) {
                // Nothing is left behind by a test whose engine could not be made (e.g. no journal flags).
                if (redis != null) {
                    redis.close();
                }
                if (dir != null) {
                    try {
                        deleteTree(dir);
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                if (e instanceof IOException io) {
                    throw new UncheckedIOException("HymirExtension: cannot create the journal's directory", io);
                }
                throw (RuntimeException) e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                engine.close();
            } finally {
                try {
                    if (redis != null) {
                        redis.close();
                    }
                } finally {
                    if (journalDir != null) {
                        deleteTree(journalDir);
                    }
                }
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
