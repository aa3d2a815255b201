/**
 * The floors of a decision: the least work that could answer it, one adapter per competitor behind
 * the {@link dev.pullgate.jmh.floor.Floor} facade, chosen by {@link
 * dev.pullgate.jmh.floor.FloorKind}.
 */
package dev.pullgate.jmh.floor;
