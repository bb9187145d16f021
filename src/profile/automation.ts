/**
 * Which user-data-dir a session runs on, and with which flags:
 * `--browser-profile DIR` or `browser.profile` as it is; otherwise a fresh clone of the writer's
 * daily Chrome profile in the data directory (refreshed first unless --no-refresh).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { inputError } from '../errors.js';
import { dataPaths } from '../home.js';
import type { Logger } from '../log.js';
import { cloneProfile } from './clone.js';
import { discoverBrowsers } from './discover.js';
import { cloneLaunchFlags } from './launch-flags.js';

export interface AutomationProfile {
  userDataDir: string;
  ignoreDefaultArgs?: string[];
  args: string[];
  /** What was done, for the log. */
  description: string;
}

export interface AutomationRequest {
  config: Config;
  dataDir: string;
  browserProfile?: string;
  refresh?: boolean;
  log: Logger;
}

export async function automationProfile(req: AutomationRequest): Promise<AutomationProfile> {
  const extra = req.config.browser.args ?? [];
  const asIs = req.browserProfile ?? req.config.browser.profile;
  if (asIs && fs.existsSync(asIs) && !fs.statSync(asIs).isDirectory()) {
    throw inputError(`${asIs} is not a browser profile folder (it is a file).`, 'Pass --browser-profile (or browser.profile) a Chrome user-data-dir; it is created if it does not exist.');
  }
  if (asIs) return { userDataDir: asIs, args: extra, description: `${asIs} (as it is)` };

  const clone = dataPaths(req.dataDir).profile;
  const source = req.config.browser.cloneFrom ?? discoverBrowsers()[0]?.userDataDir;
  if (!source) {
    req.log.warn(`no Chrome profile found to clone; using ${clone} as it is (log in there once with \`publish open <site>\`).`);
    return { userDataDir: clone, args: extra, description: `${clone} (no source to clone)` };
  }
  if (req.refresh === false) {
    if (!fs.existsSync(clone)) req.log.warn(`--no-refresh, but there is no clone yet at ${clone}; it will start empty.`);
  } else {
    req.log.info(`Refreshing the clone of ${source}...`);
    const r = await cloneProfile({ from: source, profile: req.config.browser.cloneProfile, to: clone });
    for (const w of r.warnings) req.log.warn(w);
    req.log.info(`Clone ready: profile "${r.profile.name}", ${r.copied} files copied, ${r.unchanged} unchanged, ${r.removed} removed (${r.ms} ms).`);
  }
  const flags = cloneLaunchFlags(path.join(clone, 'Default'));
  return { userDataDir: clone, ignoreDefaultArgs: flags.ignoreDefaultArgs, args: [...flags.args, ...extra], description: `${clone} (clone of ${source})` };
}
