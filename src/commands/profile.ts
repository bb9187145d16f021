/** `publish profile list|clone|doctor|patch-cli`. */
import { inputError } from '../errors.js';
import { dataPaths } from '../home.js';
import { table } from '../pipeline/status.js';
import { cloneProfile } from '../profile/clone.js';
import { discoverBrowsers } from '../profile/discover.js';
import { profileDoctor, type DoctorReport } from '../profile/doctor.js';
import { PUBLISHERS } from '../publishers/registry.js';
import { findCliBundles, patchBundle, restoreBundle } from '../profile/patch-cli.js';
import type { Flags, Io } from '../cli.js';
import { commandContext } from './context.js';

export async function profileCommand(args: string[], flags: Flags, io: Io): Promise<number> {
  const sub = args[0];
  if (sub === 'list') {
    const found = discoverBrowsers();
    if (flags.json) {
      io.stdout(`${JSON.stringify(found.map((b) => ({ browser: b.browser.id, name: b.browser.name, userDataDir: b.userDataDir, profiles: b.profiles })), null, 2)}\n`);
    } else if (found.length === 0) {
      io.stdout('No Chrome-family browser profiles found (looked for Chrome, Chrome Beta/Dev/Canary, Chromium, Edge, Brave).\n');
    } else {
      io.stdout(`${table(['BROWSER', 'PROFILE', 'NAME', 'ACCOUNT', 'USER DATA DIR'], found.flatMap((b) => b.profiles.map((p) => [b.browser.id, p.dir, p.name, p.email ?? '', b.userDataDir])))}\n`);
    }
    return 0;
  }
  if (sub === 'clone') {
    const { config, dataDir } = commandContext(flags);
    const from = flags.from ?? config.browser.cloneFrom ?? discoverBrowsers()[0]?.userDataDir;
    if (!from) throw inputError('No Chrome profile found to clone.', 'Pass --from with a user-data-dir (see `publish profile list`).');
    const to = flags.to ?? dataPaths(dataDir).profile;
    const r = await cloneProfile({ from, profile: flags.profile ?? config.browser.cloneProfile, to });
    for (const w of r.warnings) io.stderr(`warning: ${w}\n`);
    if (flags.json) io.stdout(`${JSON.stringify(r)}\n`);
    else io.stdout(`Cloned "${r.profile.name}" (${r.profile.dir}) from ${r.from}\n    to ${r.to}\n    ${r.copied} files copied (${(r.bytes / 1e6).toFixed(1)} MB), ${r.unchanged} unchanged, ${r.removed} removed, in ${r.ms} ms; databases: ${r.databases.join(', ') || 'none'}\n`);
    return 0;
  }
  if (sub === 'doctor') {
    const { config, dataDir } = commandContext(flags);
    const targets = Object.values(PUBLISHERS).map((p) => ({ platform: p.id, origin: config.platforms[p.id]?.url ?? p.defaultOrigin }));
    const report = profileDoctor({ clone: flags.to ?? dataPaths(dataDir).profile, targets, checkKeychain: flags['check-keychain'] });
    io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctor(report));
    return report.ok ? 0 : 1;
  }
  if (sub === 'patch-cli') {
    const bundles = flags.bundle ? [flags.bundle] : findCliBundles();
    if (bundles.length === 0) {
      throw inputError('No @playwright/cli installation found (looked in the npx cache and on PATH).', 'Run `npx @playwright/cli --version` once so npx caches it, or pass --bundle PATH/TO/playwright-core/lib/coreBundle.js.');
    }
    const results = bundles.map((b) => (flags.restore ? restoreBundle(b) : patchBundle(b)));
    if (flags.json) io.stdout(`${JSON.stringify(results)}\n`);
    else for (const r of results) io.stdout(`${r.status.padEnd(15)} ${r.bundle}${r.status === 'patched' ? `\n${' '.repeat(16)}original kept as ${r.backup}` : ''}\n`);
    return 0;
  }
  throw inputError(sub ? `Unknown profile command "${sub}".` : 'Missing profile command.', 'Use `publish profile list`, `clone`, `doctor` or `patch-cli` (see --help).');
}

function formatDoctor(r: DoctorReport): string {
  const yesNo = (b: boolean | undefined) => (b === undefined ? 'unknown' : b ? 'yes' : 'no');
  const lines = [
    `Clone:          ${r.clone}${r.cloneExists ? '' : ' (missing)'}`,
    `  in use:       ${yesNo(r.cloneInUse)}`,
    `Source:         ${r.source ?? 'unknown (not cloned by publish)'}`,
    `  running:      ${yesNo(r.sourceRunning)}`,
    `Key checked:    ${r.key}`,
    '',
  ];
  if (r.platforms.length) {
    const versions = (v: Record<string, number | undefined>) => Object.entries(v).map(([k, n]) => `${k}:${n}`).join(' ') || '-';
    lines.push(table(['PLATFORM', 'DOMAIN', 'COOKIES', 'ENCRYPTION', 'DECRYPTS', 'LATEST EXPIRY'], r.platforms.map((p) => [p.platform, p.domain, String(p.cookies), versions(p.versions), p.decrypts, p.latestExpiry?.slice(0, 10) ?? '-'])), '');
  }
  for (const p of r.platforms) if (p.advice) lines.push(`${p.platform}: ${p.advice}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push(r.ok ? 'All platforms look logged in.' : 'Some platforms need attention (above).');
  return `${lines.join('\n')}\n`;
}
