package dev.pullgate.bench.simulate;

import java.time.Duration;

/**
 * What one simulated agent restart found: the store's gauges as the old engine closed and the new
 * one opened, and what start-up reconciliation did.
 *
 * @param at when the restart happened, from the day's start
 * @param pullsInterrupted pulls in flight when the agent stopped; their intents stay stored
 * @param recordsBeforeClose pulled records in the store just before the old engine closed
 * @param recordsAfterReopen pulled records the new engine found, before reconciling
 * @param intentsAfterReopen pull intents the new engine found, before reconciling
 * @param intentsReconciled intents that reconciliation turned into pulled records
 */
public record RestartSummary(
    Duration at,
    int pullsInterrupted,
    long recordsBeforeClose,
    long recordsAfterReopen,
    long intentsAfterReopen,
    int intentsReconciled) {}
