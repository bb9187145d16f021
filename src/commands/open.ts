/** `publish open [URL]`: a headed window on the automation profile, for manual work. */
import { resolveBrowser } from '../browser/executable.js';
import { openSession } from '../browser/session.js';
import { dataPaths } from '../home.js';
import { inputError } from '../errors.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';

export async function openCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  const target = args[0];
  if (target !== undefined && !/^(https?:|about:|chrome:)/.test(target)) throw inputError(`"${target}" is not a URL (expected http:// or https://).`);
  const { config, dataDir } = commandContext(flags);
  const profile = flags['browser-profile'] ?? config.browser.profile ?? dataPaths(dataDir).profile;
  const session = await openSession({ userDataDir: profile, browser: resolveBrowser(config.browser.executablePath), args: config.browser.args, isRoot: process.getuid?.() === 0, handleSignals: false });
  const page = await session.newPage();
  if (target) await page.goto(target).catch((e: Error) => io.stderr(`warning: could not load ${target}: ${e.message.split('\n')[0]}\n`));
  io.stderr(`Browser open on ${profile}. Close the window or press Ctrl+C when done.\n`);
  await new Promise<void>((resolve) => {
    session.context.once('close', () => resolve());
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await session.close();
  return 0;
}
