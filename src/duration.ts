/** Durations as writers type them: 30m, 90s, 1h, 1h30m, 2d, or plain seconds. */
import { inputError } from './errors.js';

/** Milliseconds; `what` names the flag or setting in the error. */
export function parseDuration(text: string, what: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw inputError(`${what} "${text}" is not a duration.`, 'Write it like 30m, 90s, 1h, 1h30m or 2d.');
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}
