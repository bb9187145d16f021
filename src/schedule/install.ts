/**
 * Installing the unattended run: a LaunchAgent on macOS (a GUI-session agent: the browser is
 * headed, so the Mac must be logged in), a systemd user service and timer on Linux, or a crontab
 * line where systemd is absent. Everything is generated as text first, so `--print` shows
 * exactly what `install` would write; the OS is a parameter, so a Mac's agent can be prepared
 * (and tested) on Linux.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PublishError, inputError } from '../errors.js';
import { writePrivateFile } from '../home.js';

export const LABEL = 'dev.publish.run-due';
export const UNIT = 'publish-run-due';
const CRON_MARK = '# publish run-due';

export type TargetOs = 'darwin' | 'linux';

export interface ScheduleSpec {
  os: TargetOs;
  /** Seconds between runs, or a daily time. */
  every?: number;
  at?: { hour: number; minute: number };
  draftsDir: string;
  /** Absolute paths: the node binary and publish's CLI script. */
  node: string;
  cli: string;
  workingDir: string;
  logDir: string;
  homeDir: string;
  /** PATH for the job (launchd and cron start with a minimal one). */
  pathEnv: string;
  /** PUBLISH_HOME for the job: the data directory this install used. */
  publishHome?: string;
  uid: number;
}

export interface PlannedFile {
  path: string;
  content: string;
}

export interface Installation {
  kind: 'launchd' | 'systemd' | 'cron';
  files: PlannedFile[];
  /** Commands install runs after writing the files, as argv arrays. */
  commands: string[][];
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function runArgs(spec: ScheduleSpec): string[] {
  return [spec.node, spec.cli, 'run-due', '--drafts', spec.draftsDir];
}

export function launchdPlist(spec: ScheduleSpec): string {
  const when = spec.at
    ? `  <key>StartCalendarInterval</key>\n  <dict>\n    <key>Hour</key>\n    <integer>${spec.at.hour}</integer>\n    <key>Minute</key>\n    <integer>${spec.at.minute}</integer>\n  </dict>`
    : `  <key>StartInterval</key>\n  <integer>${spec.every ?? 900}</integer>`;
  const env = [['PATH', spec.pathEnv], ...(spec.publishHome ? [['PUBLISH_HOME', spec.publishHome]] : [])]
    .map(([k, v]) => `    <key>${k}</key>\n    <string>${xml(v!)}</string>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${runArgs(spec).map((a) => `    <string>${xml(a)}</string>`).join('\n')}
  </array>
${when}
  <key>RunAtLoad</key>
  <false/>
  <key>WorkingDirectory</key>
  <string>${xml(spec.workingDir)}</string>
  <key>EnvironmentVariables</key>
  <dict>
${env}
  </dict>
  <key>StandardOutPath</key>
  <string>${xml(path.join(spec.logDir, 'launchd.out.log'))}</string>
  <key>StandardErrorPath</key>
  <string>${xml(path.join(spec.logDir, 'launchd.err.log'))}</string>
  <!-- A GUI-session agent: the browser is headed, so it runs only while you are logged in. -->
  <key>LimitLoadToSessionType</key>
  <string>Aqua</string>
  <key>ProcessType</key>
  <string>Interactive</string>
</dict>
</plist>
`;
}

/** systemd quoting for ExecStart / Environment values. */
const sq = (s: string) => (/[\s"\\]/.test(s) ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : s);

export function systemdUnits(spec: ScheduleSpec): { service: string; timer: string } {
  const log = path.join(spec.logDir, 'run-due.stdout.log');
  const service = `[Unit]
Description=publish: publish the drafts that are due (publish run-due)
After=graphical-session.target network-online.target

[Service]
Type=oneshot
WorkingDirectory=${sq(spec.workingDir)}
Environment=${sq(`PATH=${spec.pathEnv}`)}
${spec.publishHome ? `Environment=${sq(`PUBLISH_HOME=${spec.publishHome}`)}\n` : ''}ExecStart=${runArgs(spec).map(sq).join(' ')}
StandardOutput=append:${log}
StandardError=append:${log}
`;
  const when = spec.at ? `OnCalendar=*-*-* ${String(spec.at.hour).padStart(2, '0')}:${String(spec.at.minute).padStart(2, '0')}:00` : `OnBootSec=2min\nOnUnitActiveSec=${spec.every ?? 900}s`;
  const timer = `[Unit]
Description=publish: run publish run-due ${spec.at ? 'daily' : `every ${Math.round((spec.every ?? 900) / 60)} min`}

[Timer]
${when}
Persistent=true
Unit=${UNIT}.service

[Install]
WantedBy=timers.target
`;
  return { service, timer };
}

/**
 * Why the LaunchAgent is the default on macOS, said wherever `--cron` is asked for there: cron
 * jobs run outside the logged-in (Aqua) session, so the headed Chrome may get no window server
 * and no login keychain (the clone's cookies then cannot be decrypted: logged out everywhere), and
 * cron needs Full Disk Access to read files under ~/Library and ~/Documents.
 */
export const CRON_ON_MACOS =
  'cron on macOS runs outside your logged-in session: Chrome may get no window server and no keychain (so the clone comes up logged out), and cron needs Full Disk Access (System Settings > Privacy & Security > Full Disk Access: add /usr/sbin/cron). The LaunchAgent (the default) runs inside your session and has neither problem.';

export function cronLine(spec: ScheduleSpec): string {
  let when: string;
  if (spec.at) when = `${spec.at.minute} ${spec.at.hour} * * *`;
  else {
    const minutes = Math.round((spec.every ?? 900) / 60);
    if (minutes >= 1 && minutes < 60 && 60 % minutes === 0) when = `*/${minutes} * * * *`;
    else if (minutes % 60 === 0 && 24 % (minutes / 60) === 0) when = `0 */${minutes / 60} * * *`;
    else throw inputError(`cron cannot run every ${minutes} minutes evenly.`, 'Use a divisor of 60 minutes (5m, 15m, 30m) or of 24 hours (1h, 2h, 6h), or --at HH:MM.');
  }
  const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const env = `PATH=${sh(spec.pathEnv)}${spec.publishHome ? ` PUBLISH_HOME=${sh(spec.publishHome)}` : ''}`;
  return `${when} cd ${sh(spec.workingDir)} && ${env} ${runArgs(spec).map(sh).join(' ')} >> ${sh(path.join(spec.logDir, 'run-due.stdout.log'))} 2>&1 ${CRON_MARK}`;
}

const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** True when this machine has a systemd user session to install into. */
export const systemdUserSession = () => has('systemctl', ['--user', 'show-environment']);

/**
 * What installing means: launchd on macOS; on Linux a systemd user timer, or cron (`useSystemd`
 * false); `cron` asks for a crontab line on either (on macOS see CRON_ON_MACOS).
 */
export function planInstall(spec: ScheduleSpec, useSystemd = true, cron = false): Installation {
  if (cron) return { kind: 'cron', files: [{ path: 'crontab', content: `${cronLine(spec)}\n` }], commands: [] };
  if (spec.os === 'darwin') {
    const file = path.join(spec.homeDir, 'Library', 'LaunchAgents', `${LABEL}.plist`);
    return {
      kind: 'launchd',
      files: [{ path: file, content: launchdPlist(spec) }],
      commands: [
        ['launchctl', 'bootout', `gui/${spec.uid}/${LABEL}`],
        ['launchctl', 'bootstrap', `gui/${spec.uid}`, file],
      ],
    };
  }
  if (useSystemd) {
    const dir = path.join(spec.homeDir, '.config', 'systemd', 'user');
    const units = systemdUnits(spec);
    return {
      kind: 'systemd',
      files: [
        { path: path.join(dir, `${UNIT}.service`), content: units.service },
        { path: path.join(dir, `${UNIT}.timer`), content: units.timer },
      ],
      commands: [
        ['systemctl', '--user', 'daemon-reload'],
        ['systemctl', '--user', 'enable', '--now', `${UNIT}.timer`],
      ],
    };
  }
  return { kind: 'cron', files: [{ path: 'crontab', content: `${cronLine(spec)}\n` }], commands: [] };
}

function currentCrontab(): string {
  try {
    return execFileSync('crontab', ['-l'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return ''; // no crontab yet
  }
}

function writeCrontab(lines: string[]): void {
  try {
    execFileSync('crontab', ['-'], { input: lines.length ? `${lines.join('\n')}\n` : '', stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (error) {
    throw new PublishError('ENVIRONMENT', `crontab could not be written (${(error as Error).message.split('\n')[0]}).`, {
      hint: 'Install cron (or use a systemd user session), or add the line from `publish schedule install --print` by hand.',
    });
  }
}

export function install(plan: Installation, logDir: string): void {
  fs.mkdirSync(logDir, { recursive: true, mode: 0o700 });
  if (plan.kind === 'cron') {
    const kept = currentCrontab().split('\n').filter((l) => l.trim() && !l.includes(CRON_MARK));
    writeCrontab([...kept, plan.files[0]!.content.trim()]);
    return;
  }
  for (const f of plan.files) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true, mode: 0o700 });
    writePrivateFile(f.path, f.content);
  }
  for (const [i, argv] of plan.commands.entries()) {
    try {
      execFileSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      // launchctl bootout of an agent that is not loaded fails: that is fine.
      if (plan.kind === 'launchd' && i === 0) continue;
      throw new PublishError('ENVIRONMENT', `\`${argv.join(' ')}\` failed: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim().split('\n')[0]}.`, {
        hint: 'The files were written (see --print); load them by hand or fix what the message says.',
      });
    }
  }
}

export function uninstall(spec: ScheduleSpec, useSystemd?: boolean, cron = false): string[] {
  const plan = planInstall(spec, useSystemd, cron);
  const done: string[] = [];
  if (plan.kind === 'cron') {
    const lines = currentCrontab().split('\n').filter((l) => l.trim());
    const kept = lines.filter((l) => !l.includes(CRON_MARK));
    if (kept.length !== lines.length) {
      writeCrontab(kept);
      done.push('removed the crontab line');
    }
    return done;
  }
  if (plan.kind === 'launchd') {
    if (has('launchctl', ['bootout', `gui/${spec.uid}/${LABEL}`])) done.push(`unloaded ${LABEL}`);
  } else if (has('systemctl', ['--user', 'disable', '--now', `${UNIT}.timer`])) {
    done.push(`disabled ${UNIT}.timer`);
  }
  for (const f of plan.files) {
    if (fs.existsSync(f.path)) {
      fs.rmSync(f.path);
      done.push(`removed ${f.path}`);
    }
  }
  if (plan.kind === 'systemd') has('systemctl', ['--user', 'daemon-reload']);
  return done;
}

export interface ScheduleStatus {
  kind: Installation['kind'];
  installed: boolean;
  files: string[];
  loaded: boolean | null;
  lastRun: string | null;
  log: string;
}

export function status(spec: ScheduleSpec, runLog: string, useSystemd?: boolean): ScheduleStatus {
  // Report what is installed: the platform's own scheduler, else a crontab line (--cron), else nothing.
  let plan = planInstall(spec, useSystemd);
  if (plan.kind !== 'cron' && !plan.files.every((f) => fs.existsSync(f.path)) && currentCrontab().includes(CRON_MARK)) plan = planInstall(spec, useSystemd, true);
  const files = plan.kind === 'cron' ? [] : plan.files.map((f) => f.path).filter((f) => fs.existsSync(f));
  const installed = plan.kind === 'cron' ? currentCrontab().includes(CRON_MARK) : files.length === plan.files.length;
  let loaded: boolean | null = null;
  if (spec.os === process.platform) {
    if (plan.kind === 'launchd') loaded = has('launchctl', ['print', `gui/${spec.uid}/${LABEL}`]);
    if (plan.kind === 'systemd') loaded = has('systemctl', ['--user', 'is-active', '--quiet', `${UNIT}.timer`]);
  }
  let lastRun: string | null = null;
  try {
    const lines = fs.readFileSync(runLog, 'utf8').trim().split('\n');
    lastRun = lines.reverse().find((l) => l.includes('run-due: looking for drafts'))?.split(' ')[0] ?? null;
  } catch {
    lastRun = null;
  }
  return { kind: plan.kind, installed, files, loaded, lastRun, log: runLog };
}

/** The spec for this machine (or for `--os`), with absolute paths. */
export function scheduleSpec(o: { os?: string; every?: number; at?: string; draftsDir: string; dataDir: string; cli: string }): ScheduleSpec {
  const target = (o.os ?? (process.platform === 'darwin' ? 'darwin' : 'linux')) as TargetOs;
  if (target !== 'darwin' && target !== 'linux') throw inputError(`--os must be darwin or linux (got "${o.os}").`);
  let at: ScheduleSpec['at'];
  if (o.at !== undefined) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(o.at);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw inputError(`--at must be a time like 07:30 (got "${o.at}").`);
    at = { hour: Number(m[1]), minute: Number(m[2]) };
  }
  if (at && o.every !== undefined) throw inputError('Use --every or --at, not both.');
  if (o.every !== undefined && o.every < 60) throw inputError('--every must be at least 1m.');
  const defaultPath = target === 'darwin' ? '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' : '/usr/local/bin:/usr/bin:/bin';
  return {
    os: target,
    every: at ? undefined : o.every ?? 900,
    at,
    draftsDir: path.resolve(o.draftsDir),
    node: process.execPath,
    cli: fs.realpathSync(o.cli),
    workingDir: process.cwd(),
    logDir: path.join(o.dataDir, 'logs'),
    homeDir: os.homedir(),
    // The job starts with a bare PATH: keep node's own directory first, then the usual places.
    pathEnv: [...new Set([path.dirname(process.execPath), ...defaultPath.split(':')])].join(':'),
    publishHome: path.resolve(o.dataDir),
    uid: process.getuid?.() ?? 501,
  };
}
