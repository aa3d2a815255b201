package dev.pullgate.store;

import java.util.List;

/**
 * An update in the write-behind queue, as the pending changes its readers already see: the writer
 * commits all of them in one transaction.
 */
record QueuedUpdate(List<PendingWrite> writes) {}
