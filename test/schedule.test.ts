/**
 * Scheduling: the generated LaunchAgent, systemd units and crontab line; and `run-due` end to end
 * against the sandbox with an injected clock, a lock, and a logged-out platform.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as plist from 'plist';
import { describe, expect, it } from 'vitest';
import { sandboxConfig } from '../src/sandbox/login.js';
import { Ledger } from '../src/ledger/ledger.js';
import { dataPaths } from '../src/home.js';
import { cliPath as cli, draftText, runCli, signedInSandbox, tempDir, writeDraft } from './helpers.js';

const publish = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('schedule install --print', () => {
  it('macOS with --cron: one valid crontab line with absolute paths and the environment, and why launchd is the default', () => {
    const home = tempDir();
    const r = publish(['schedule', 'install', '--cron', '--os', 'darwin', '--print', '--every', '15m', '--home', home, '--drafts', 'drafts']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    // Five time fields, then the command: cd to an absolute folder, PATH with Homebrew's bin, the data dir, absolute node and CLI.
    expect(line).toMatch(/^\*\/15 \* \* \* \* cd '\/[^']*' && PATH='[^']*\/opt\/homebrew\/bin[^']*' PUBLISH_HOME='[^']+' '\/[^']+' '\/[^']+cli\.js' 'run-due' '--drafts' '\/[^']+' >> '\/[^']+run-due\.stdout\.log' 2>&1 # publish run-due$/);
    expect(line).toContain(`PUBLISH_HOME='${home}'`);
    expect(line).toContain(`'${process.execPath}'`);
    expect(r.stderr).toMatch(/cron on macOS runs outside your logged-in session: Chrome may get no window server and no keychain .* Full Disk Access/);
    expect(publish(['schedule', '--help']).stdout).toMatch(/--cron .*\n.*macOS: works, but the LaunchAgent is the default/);
  });

  it('macOS: a LaunchAgent plist a parser accepts, every 15 min, absolute paths, logs', () => {
    const home = tempDir();
    const r = publish(['schedule', 'install', '--print', '--every', '15m', '--os', 'darwin', '--home', home, '--drafts', 'drafts']);
    expect(r.status, r.stderr).toBe(0);
    const agent = plist.parse(r.stdout) as Record<string, unknown>;
    expect(agent.Label).toBe('dev.publish.run-due');
    expect(agent.StartInterval).toBe(900);
    const argv = agent.ProgramArguments as string[];
    expect(argv[0]).toBe(process.execPath);
    expect(path.isAbsolute(argv[1]!) && fs.existsSync(argv[1]!) && argv[1]!.endsWith(path.join('dist', 'cli.js'))).toBe(true);
    expect(argv.slice(2)).toEqual(['run-due', '--drafts', path.resolve('drafts')]);
    expect(agent.StandardOutPath).toBe(path.join(home, 'logs', 'launchd.out.log'));
    expect(agent.StandardErrorPath).toBe(path.join(home, 'logs', 'launchd.err.log'));
    expect(agent.LimitLoadToSessionType).toBe('Aqua'); // the GUI session: the browser is headed
    expect((agent.EnvironmentVariables as Record<string, string>).PUBLISH_HOME).toBe(home);
    expect(r.stderr).toMatch(/would write .*Library\/LaunchAgents\/dev\.publish\.run-due\.plist, then run: launchctl bootout gui\/\d+\/dev\.publish\.run-due; launchctl bootstrap gui\/\d+ /);
    const daily = plist.parse(publish(['schedule', 'install', '--print', '--at', '07:30', '--os', 'darwin', '--home', home]).stdout) as Record<string, unknown>;
    expect(daily.StartCalendarInterval).toEqual({ Hour: 7, Minute: 30 });
    expect(daily.StartInterval).toBeUndefined();
  });

  it('Linux: a systemd user service and timer (verified by systemd-analyze where it exists), or a crontab line', () => {
    const home = tempDir();
    const r = publish(['schedule', 'install', '--print', '--json', '--every', '15m', '--os', 'linux', '--home', home]);
    expect(r.status, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { kind: string; files: { path: string; content: string }[]; commands: string[][] };
    expect(plan.kind).toBe('systemd');
    expect(plan.files.map((f) => path.basename(f.path))).toEqual(['publish-run-due.service', 'publish-run-due.timer']);
    const [service, timer] = plan.files.map((f) => f.content);
    expect(service).toContain(`ExecStart=${process.execPath} ${fs.realpathSync(cli)} run-due --drafts ${path.resolve('drafts')}`);
    expect(service).toContain(`StandardOutput=append:${path.join(home, 'logs', 'run-due.stdout.log')}`);
    expect(timer).toMatch(/\[Timer\]\nOnBootSec=2min\nOnUnitActiveSec=900s\nPersistent=true\nUnit=publish-run-due\.service/);
    expect(plan.commands).toEqual([['systemctl', '--user', 'daemon-reload'], ['systemctl', '--user', 'enable', '--now', 'publish-run-due.timer']]);
    if (spawnSync('systemd-analyze', ['--version']).status === 0) {
      const dir = tempDir();
      for (const f of plan.files) fs.writeFileSync(path.join(dir, path.basename(f.path)), f.content);
      const verify = spawnSync('systemd-analyze', ['verify', path.join(dir, 'publish-run-due.service'), path.join(dir, 'publish-run-due.timer')], { encoding: 'utf8' });
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stderr.trim(), 'no warnings').toBe('');
    }
    const cron = publish(['schedule', 'install', '--print', '--cron', '--every', '15m', '--os', 'linux', '--home', home]);
    expect(cron.stdout).toMatch(/^\*\/15 \* \* \* \* cd '.+' && PATH='.+' PUBLISH_HOME='.+' '.+node' '.+cli\.js' 'run-due' '--drafts' '.+' >> '.+run-due\.stdout\.log' 2>&1 # publish run-due\n$/);
    const odd = publish(['schedule', 'install', '--print', '--cron', '--every', '7m', '--os', 'linux', '--home', home]);
    expect(odd.status).toBe(2);
    expect(odd.stderr).toContain('cron cannot run every 7 minutes evenly');
  });
});

describe('schedule install --cron (with a stand-in crontab)', () => {
  it('installs one marked line, keeps the others, replaces it on re-install, reports it, and removes only it', () => {
    const bin = tempDir();
    const table = path.join(tempDir(), 'crontab.txt');
    fs.writeFileSync(table, 'MAILTO=me@example.com\n0 3 * * * /usr/bin/backup\n');
    // A crontab(1) that keeps the table in a file: `crontab -l` prints it, `crontab -` replaces it.
    fs.writeFileSync(path.join(bin, 'crontab'), `#!/bin/sh\nif [ "$1" = "-l" ]; then cat ${JSON.stringify(table)}; else cat > ${JSON.stringify(table)}; fi\n`);
    fs.chmodSync(path.join(bin, 'crontab'), 0o755);
    const home = tempDir();
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const cron = (...args: string[]) => spawnSync(process.execPath, [cli, 'schedule', ...args, '--cron', '--os', 'linux', '--home', home], { encoding: 'utf8', env });

    expect(cron('install', '--every', '30m').status).toBe(0);
    expect(cron('install', '--every', '15m').status).toBe(0);
    const lines = fs.readFileSync(table, 'utf8').trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['MAILTO=me@example.com', '0 3 * * * /usr/bin/backup']);
    expect(lines.filter((l) => l.includes('# publish run-due'))).toHaveLength(1);
    expect(lines[2]).toMatch(/^\*\/15 \* \* \* \* cd .* 'run-due' '--drafts' /);
    expect(JSON.parse(cron('status', '--json').stdout)).toMatchObject({ kind: 'cron', installed: true });
    expect(cron('uninstall').stdout).toContain('removed the crontab line');
    expect(fs.readFileSync(table, 'utf8')).toBe('MAILTO=me@example.com\n0 3 * * * /usr/bin/backup\n');
    expect(JSON.parse(cron('status', '--json').stdout)).toMatchObject({ installed: false });
  });
});

describe('schedule install on Linux with systemd (a stand-in systemctl, a private HOME)', () => {
  it('writes the units into the user\'s systemd folder, enables the timer, reports it, and removes it', () => {
    const bin = tempDir();
    const calls = path.join(tempDir(), 'systemctl-calls.txt');
    fs.writeFileSync(path.join(bin, 'systemctl'), `#!/bin/sh\necho "$@" >> ${JSON.stringify(calls)}\nexit 0\n`);
    fs.chmodSync(path.join(bin, 'systemctl'), 0o755);
    const fakeHome = tempDir();
    const home = tempDir();
    const env = { ...process.env, HOME: fakeHome, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const schedule = (...args: string[]) => spawnSync(process.execPath, [cli, 'schedule', ...args, '--home', home], { encoding: 'utf8', env });
    const installed = schedule('install', '--at', '06:45');
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('Installed (systemd)');
    const unitDir = path.join(fakeHome, '.config', 'systemd', 'user');
    expect(fs.readdirSync(unitDir).sort()).toEqual(['publish-run-due.service', 'publish-run-due.timer']);
    expect(fs.readFileSync(path.join(unitDir, 'publish-run-due.timer'), 'utf8')).toContain('OnCalendar=*-*-* 06:45:00');
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toEqual(['--user show-environment', '--user daemon-reload', '--user enable --now publish-run-due.timer']);
    expect(JSON.parse(schedule('status', '--json').stdout)).toMatchObject({ kind: 'systemd', installed: true, loaded: true });
    const removed = schedule('uninstall');
    expect(removed.stdout).toContain('disabled publish-run-due.timer');
    expect(fs.readdirSync(unitDir)).toEqual([]);
  });
});

describe('run-due against the sandbox', () => {
  it('publishes exactly the due draft, nothing on a second run, once when two runs start together, hands a logged-out platform and a captcha to the writer (saving the filled draft), and retries a transient failure', async () => {
    const f = await signedInSandbox();
    const home = tempDir();
    const drafts = tempDir();
    const notified = path.join(tempDir(), 'notified.txt');
    const notifier = writeDraft(tempDir(), 'notify.sh', `#!/bin/sh\nprintf '%s | %s\\n' "$1" "$2" >> ${JSON.stringify(notified)}\n`);
    fs.chmodSync(notifier, 0o755);
    const configFile = path.join(home, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ ...sandboxConfig({ devto: f.sandbox.origins.devto!, zenn: f.sandbox.origins.zenn! }, f.config.browser.profile!), feedWait: 0, notify: { command: notifier }, runDue: { retries: 1, retryDelay: 0 } }));
    const draft = (name: string, title: string, at: string) =>
      writeDraft(drafts, name, draftText({ title, tags: ['schedule'], platforms: ['devto', 'zenn'], publish_at: at, zenn: { emoji: '⏰' } }));
    draft('a-due.md', 'Due at nine', '2026-12-01T09:00:00+09:00');
    draft('b-later.md', 'Due at noon', '2026-12-01T12:00:00+09:00');
    const runDue = (now: string) => runCli(['run-due', '--drafts', drafts, '--now', now, '--config', configFile, '--home', home, '--json']);
    const titles = (id: string) => f.sandbox.sites[id]!.posts.map((p) => p.title).sort();

    const first = await runDue('2026-12-01T10:00:00+09:00');
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { results: { platform: string; state: string }[]; later: { platform: string }[] };
    expect(report.results.map((r) => [r.platform, r.state])).toEqual([['devto', 'published'], ['zenn', 'published']]);
    expect(report.later.map((l) => l.platform)).toEqual(['devto', 'zenn']);
    expect(titles('devto')).toEqual(['Due at nine']);
    expect(titles('zenn')).toEqual(['Due at nine']);

    const second = await runDue('2026-12-01T10:15:00+09:00');
    expect(JSON.parse(second.stdout).results).toEqual([]);
    expect(titles('devto')).toEqual(['Due at nine']);

    // Noon: two runs start together; the lock lets one publish, the other leaves at once.
    const [x, y] = await Promise.all([runDue('2026-12-01T12:01:00+09:00'), runDue('2026-12-01T12:01:00+09:00')]);
    const reports = [JSON.parse(x.stdout), JSON.parse(y.stdout)] as { busy?: { pid: number }; results: unknown[] }[];
    expect(reports.filter((r) => r.busy).length + reports.filter((r) => r.results.length === 0 && !r.busy).length).toBe(1);
    expect(titles('devto')).toEqual(['Due at nine', 'Due at noon']);
    expect(titles('zenn')).toEqual(['Due at nine', 'Due at noon']);

    // A due draft while Zenn's session is logged out: dev.to still publishes, Zenn needs the writer.
    f.sandbox.setFaults('zenn', { loggedOut: true });
    draft('c-evening.md', 'Due in the evening', '2026-12-01T18:00:00+09:00');
    const evening = await runDue('2026-12-01T18:05:00+09:00');
    expect(evening.status).toBe(1);
    expect((JSON.parse(evening.stdout) as { results: { platform: string; state: string }[] }).results.map((r) => [r.platform, r.state])).toEqual([['devto', 'published'], ['zenn', 'needs-attention']]);
    expect(titles('devto')).toContain('Due in the evening');
    expect(titles('zenn')).not.toContain('Due in the evening');
    const ledger = Ledger.open(dataPaths(home).ledger);
    const zenn = ledger.status().find((r) => r.platform === 'zenn' && r.draft_title === 'Due in the evening')!;
    ledger.close();
    expect(zenn.state).toBe('needs-attention');
    expect(zenn.error).toMatch(/not logged in/);
    expect(fs.readFileSync(notified, 'utf8')).toBe('publish: zenn needs you | c-evening.md: the session is logged out: log in in your Chrome, then it goes out on the next run.\n');

    // A transient failure (HTTP 500 on dev.to) is retried (runDue.retries: 1), stays "failed"
    // rather than needing the writer, and goes out on the next run once the site recovers.
    f.sandbox.setFaults('zenn', {});
    f.sandbox.setFaults('devto', { publishError: true });
    draft('d-night.md', 'Due at night', '2026-12-01T22:00:00+09:00');
    const night = JSON.parse((await runDue('2026-12-01T22:05:00+09:00')).stdout) as { results: { draft: string; platform: string; state: string; attempts: number }[] };
    const nightly = night.results.filter((r) => r.draft.endsWith('d-night.md')).map((r) => [r.platform, r.state, r.attempts]);
    expect(nightly).toEqual([['devto', 'failed', 2], ['zenn', 'published', 1]]);
    f.sandbox.setFaults('devto', {});
    const recovered = JSON.parse((await runDue('2026-12-01T22:20:00+09:00')).stdout) as { results: { draft: string; platform: string; state: string }[] };
    expect(recovered.results.filter((r) => r.draft.endsWith('d-night.md')).map((r) => [r.platform, r.state])).toEqual([['devto', 'published']]);
    expect(titles('devto').filter((t) => t === 'Due at night')).toHaveLength(1);
    expect(titles('zenn').filter((t) => t === 'Due at night')).toHaveLength(1);


    // A captcha on dev.to's publish: a person's job. The filled post is kept as dev.to's own draft.
    f.sandbox.setFaults('devto', { captcha: true });
    draft('e-late.md', 'Due late', '2026-12-01T23:00:00+09:00');
    const late = JSON.parse((await runDue('2026-12-01T23:05:00+09:00')).stdout) as { results: { platform: string; state: string; error: string }[] };
    expect(late.results.map((r) => [r.platform, r.state])).toEqual([['devto', 'needs-attention'], ['zenn', 'published']]);
    expect(late.results[0]!.error).toMatch(/dev\.to: a human check \(captcha or two-factor\) is in the way/);
    expect(f.sandbox.sites.devto!.drafts.map((d) => d.title)).toEqual(['Due late']);
    expect(titles('devto')).not.toContain('Due late');
    expect(fs.readFileSync(notified, 'utf8')).toContain('publish: devto needs you | e-late.md: a captcha or two-factor check is in the way');
    f.sandbox.setFaults('devto', {});

    const log = fs.readFileSync(path.join(home, 'logs', 'run-due.log'), 'utf8');
    expect(log).toMatch(/run-due: c-evening\.md on zenn needs you/);
    expect(log.match(/run-due: looking for drafts due at/g)).toHaveLength(7); // the busy run looked for nothing...
    expect(log).toMatch(/run-due: another run \(pid \d+, started .+\) is still going; leaving it to finish\./); // ...and said so
  });
});

describe('notifications', () => {
  it('macOS: osascript display notification (quotes escaped); Linux: notify-send; missing tools are not an error', async () => {
    const { systemNotifier } = await import('../src/schedule/notify.js');
    const bin = tempDir();
    const calls = path.join(tempDir(), 'calls.txt');
    for (const tool of ['osascript', 'notify-send']) {
      fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "${tool}: $a" >> ${JSON.stringify(calls)}; done\n`);
      fs.chmodSync(path.join(bin, tool), 0o755);
    }
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${oldPath}`;
    try {
      await systemNotifier('darwin')('publish: devto needs you', 'post "one".md: log in');
      await systemNotifier('linux')('publish: zenn needs you', 'two.md: log in');
    } finally {
      process.env.PATH = oldPath;
    }
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
      'osascript: -e',
      'osascript: display notification "post \\"one\\".md: log in" with title "publish: devto needs you"',
      'notify-send: --app-name=publish',
      'notify-send: publish: zenn needs you',
      'notify-send: two.md: log in',
    ]);
    process.env.PATH = tempDir(); // neither tool exists: resolves quietly
    try {
      await expect(systemNotifier('linux')('t', 'm')).resolves.toBeUndefined();
    } finally {
      process.env.PATH = oldPath;
    }
  });
});
