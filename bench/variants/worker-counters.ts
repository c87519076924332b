/** The exchange counters of one worker in a job's metrics (`exchange (worker i)`, see `RemoteExecution.metricsSnapshot`). */
type ExchangeCounters = Partial<Record<'batchesSent' | 'recordsSent' | 'bytesSent' | 'batchesReceived' | 'recordsReceived', number>>;

/**
 * Per-worker counters of a seed run over `workers` workers, each running
 * one generator subtask (event `i` in subtask `i % workers`) and one window
 * subtask, from the job's metrics: the window subtask's input (its own
 * events that stayed, plus those received from other workers) and the
 * exchange traffic it sent. Divided by the run's seconds in the report, the
 * first is the subtask's throughput, the others batches/s, records/s and bytes/s.
 */
export function workerCounters(events: number, workers: number, metrics: Record<string, Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let w = 0; w < workers; w++) {
    const exchange: ExchangeCounters = metrics[`exchange (worker ${w})`] ?? {};
    const generated = Math.ceil((events - w) / workers);
    out[`worker ${w} window subtask records in`] = generated - (exchange.recordsSent ?? 0) + (exchange.recordsReceived ?? 0);
    if (workers > 1) {
      out[`worker ${w} exchange batches sent`] = exchange.batchesSent ?? 0;
      out[`worker ${w} exchange records sent`] = exchange.recordsSent ?? 0;
      out[`worker ${w} exchange bytes sent`] = exchange.bytesSent ?? 0;
    }
  }
  return out;
}
