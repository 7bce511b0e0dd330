package dev.hymir.bench;

import java.util.List;

/** Hymir's own contenders (journal off, journal on, Redis): the engine issue fills this list. */
public final class HymirContenders {
    private HymirContenders() {
    }

    public static List<Contender> all() {
        return List.of();
    }
}
