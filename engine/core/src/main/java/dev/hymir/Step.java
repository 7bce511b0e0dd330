package dev.hymir;

/** One element of a workflow definition: a single {@link Job}, a {@link Chain} or a {@link Group}. */
public sealed interface Step permits Job, Chain, Group {
}
