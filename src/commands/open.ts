/** `publish open [URL]`: a headed window on the automation profile, for manual work. */
import { resolveBrowser } from '../browser/executable.js';
import { openSession } from '../browser/session.js';
import { stderrLogger } from '../log.js';
import { automationProfile } from '../profile/automation.js';
import { inputError } from '../errors.js';
import { dataPaths } from '../home.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';

export async function openCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  const target = args[0];
  if (target !== undefined && !/^(https?:|about:|chrome:)/.test(target)) throw inputError(`"${target}" is not a URL (expected http:// or https://).`);
  // Listen for Ctrl+C from the start: a signal before the window is up must not kill us mid-launch.
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', () => stop());
  process.once('SIGTERM', () => stop());
  const { config, dataDir } = commandContext(flags);
  const profile = await automationProfile({ config, dataDir, browserProfile: flags['browser-profile'], refresh: !flags['no-refresh'], log: stderrLogger });
  const session = await openSession({
    userDataDir: profile.userDataDir,
    browser: resolveBrowser(config.browser.executablePath),
    args: profile.args,
    ignoreDefaultArgs: profile.ignoreDefaultArgs,
    isRoot: process.getuid?.() === 0,
    handleSignals: false,
    codeCache: dataPaths(dataDir).codeCache,
  });
  const page = await session.newPage();
  if (target) await page.goto(target).catch((e: Error) => io.stderr(`warning: could not load ${target}: ${e.message.split('\n')[0]}\n`));
  io.stderr(`Browser open on ${profile.description}. Close the window or press Ctrl+C when done.\n`);
  session.context.once('close', () => stop());
  await stopped;
  await session.close();
  return 0;
}
