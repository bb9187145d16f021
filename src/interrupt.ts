/**
 * Ctrl+C and `kill` during a run: the run stops what it is doing (the browser is closed, so every
 * platform's next step fails), records each unfinished platform as interrupted, restores the
 * clipboard, and exits 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once.
 */
export interface InterruptWatch {
  /** The signal received, if any. */
  readonly signal: NodeJS.Signals | undefined;
  /**
   * Rejects a moment after a signal: a step whose browser was closed under it may never settle
   * (its event will not come), so each platform races this and is recorded as interrupted.
   */
  readonly stopped: Promise<never>;
  dispose(): void;
}

export const exitCodeForSignal = (signal: NodeJS.Signals): number => (signal === 'SIGINT' ? 130 : 143);

/** What a signal stops while platforms are still running: the default of `watchInterrupts`. */
export const STOPPING_PLATFORMS = 'unfinished platforms are recorded as interrupted';

/**
 * Calls `stop` on the first SIGINT or SIGTERM while the watch is on. `stopping` says what a
 * signal stops at this moment (by default: the platforms still running).
 */
export function watchInterrupts(onStop: (signal: NodeJS.Signals) => void | Promise<void>, stopping: () => string = () => STOPPING_PLATFORMS): InterruptWatch {
  let received: NodeJS.Signals | undefined;
  let stop!: (error: Error) => void;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => {});
  const handler = (signal: NodeJS.Signals) => {
    if (received) process.exit(exitCodeForSignal(received));
    received = signal;
    // Closing the browser under a running publisher can make Playwright's client throw from its
    // own event loop ("Object with guid ... was not bound in the connection") for events still in
    // flight. That is the shutdown we asked for: ignore it; anything else still ends the run.
    process.on('uncaughtException', (error) => {
      if (/was not bound in the connection|has been closed|Target closed/i.test(error.message)) return;
      process.stderr.write(`publish: internal error while stopping: ${error.message}\n`);
      process.exit(exitCodeForSignal(signal));
    });
    process.stderr.write(`\ninterrupted (${signal}): stopping; ${stopping()}. Press Ctrl+C again to quit at once.\n`);
    void Promise.resolve(onStop(signal)).catch(() => {});
    setTimeout(() => stop(new Error(`interrupted (${signal})`)), 2000);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get signal() {
      return received;
    },
    stopped,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
