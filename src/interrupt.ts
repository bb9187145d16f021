/**
 * Ctrl+C and `kill` during a run: the run stops what it is doing (the browser is closed, so every
 * platform's next step fails), records each unfinished platform as interrupted, restores the
 * clipboard, and exits 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once.
 */
export interface InterruptWatch {
  /** The signal received, if any. */
  readonly signal: NodeJS.Signals | undefined;
  dispose(): void;
}

export const exitCodeForSignal = (signal: NodeJS.Signals): number => (signal === 'SIGINT' ? 130 : 143);

/** Calls `stop` on the first SIGINT or SIGTERM while the watch is on. */
export function watchInterrupts(stop: (signal: NodeJS.Signals) => void | Promise<void>): InterruptWatch {
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (received) process.exit(exitCodeForSignal(received));
    received = signal;
    process.stderr.write(`\ninterrupted (${signal}): stopping; unfinished platforms are recorded as interrupted. Press Ctrl+C again to quit at once.\n`);
    void Promise.resolve(stop(signal)).catch(() => {});
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get signal() {
      return received;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
