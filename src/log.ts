/** Progress goes to stderr (stdout stays clean for --json and tables); a silent logger for tests. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`${m}\n`),
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };
