/** How a command failure reaches the user: message, hint, exit code; a stack only for bugs. */
import { PublishError } from '../errors.js';
import type { Io, Flags } from '../cli.js';

export function reportError(error: unknown, flags: Flags, io: Io): number {
  if (error instanceof PublishError) {
    io.stderr(`error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
    if (flags.json) io.stdout(`${JSON.stringify({ error: error.message, code: error.code, hint: error.hint ?? null })}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`error: unexpected failure: ${message}\n  This is a bug in publish; please report it with the output of PUBLISH_DEBUG=1.\n`);
  if (process.env.PUBLISH_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
  if (flags.json) io.stdout(`${JSON.stringify({ error: message, code: 'INTERNAL' })}\n`);
  return 1;
}
