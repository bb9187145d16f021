#!/usr/bin/env node
/**
 * Argument parsing and dispatch only. Each command lives in src/commands/ and is imported when
 * it runs, so `publish --help` never loads Playwright or SQLite.
 */
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fileURLToPath } from 'node:url';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const realIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

const COMMON = `
Common options:
  --config FILE            config file (default: ./publish.config.json)
  --home DIR               data directory (default: PUBLISH_HOME, or the OS's data folder)
  --json                   machine-readable output on stdout
  -h, --help               show help`;

const HELP: Record<string, string> = {
  main: `publish - publish Markdown drafts to blogging platforms through your own logged-in Chrome

Usage:
  publish <draft.md> --to devto,zenn [options]   publish a draft
  publish <draft.md> --update [--dry-run]        change published copies in place after an edit
  publish status [--json]                        what was published where
  publish show <draft.md> [--json]               one draft: each platform's state, URL, timings, evidence
  publish platforms [--json]                     every platform: body kind, limits, feed, origin
  publish doctor --live [--to LIST] [--json]     check logins and every editor selector, live
  publish run-due [--drafts DIR] [--json]        publish every draft whose publish_at has come
  publish schedule install|uninstall|status      run run-due unattended (launchd, systemd, cron)
  publish track [DRAFT] [--until-live]           confirm published posts from the platforms' feeds
  publish feeds inspect <URL|FILE>               a feed, normalised (the ledger is not touched)
  publish from-feed <URL|FILE> [--drafts DIR]    your blog's new feed items as drafts
  publish import --platform ID [--drafts DIR]    adopt posts already in a feed that match a draft
  publish sandbox [--port N] [--write-config F]  serve the local imitation of every platform
  publish demo [--to ...]                        publish drafts/example.md to the sandbox
  publish open [URL]                             a browser window on the automation profile
  publish profile list|clone|doctor|patch-cli    your Chrome profiles; the automation clone

Publish options:
  --to LIST                platforms, comma-separated, or "all" (default: the draft's "platforms");
                           ids: devto, zenn, qiita, note, substack, hashnode, medium, linkedin,
                           linkedin-post, x, bluesky (see \`publish platforms\`)
  --browser-profile DIR    use this Chrome user-data-dir as it is (no clone)
  --no-refresh             launch on the existing clone without refreshing it first
  --dry-run                validate and plan; write what would be pasted; open no browser
  --out DIR                where --dry-run writes the payloads (default: under the data dir)
  --preview                fill every platform, show its preview, then ask per platform:
                           publish, skip (leave it as a draft), show, or abort
  --update                 where the draft changed since it was published, change the post in
                           place on its edit page (never a second post); X and Bluesky posts
                           cannot be edited and are left alone. With --dry-run: print a diff
                           per platform; with --preview: fill every edit page, then ask
  --concurrency N          platforms published at once (default: twice the CPU cores, at least 2;
                           publishing is CPU-bound, so more only adds memory)
  --retry-unknown          an earlier publish click's outcome was unknown and you checked that
                           the post is not there: publish again without looking first
${COMMON}
  -v, --version            show the version

Run "publish <command> --help" for a command's options.
Exit codes: 0 all succeeded, 1 some platform failed, 2 invalid input (nothing was opened).`,
  status: `publish status - every draft and platform in the ledger, with state and URL

Usage: publish status [--json] [--home DIR]
${COMMON}`,
  sandbox: `publish sandbox - serve a local imitation of every platform until interrupted

Usage: publish sandbox [--port N] [--write-config FILE] [--fault PLATFORM=FAULT ...]

  --port N                 first port; each platform takes the next one (default 4300; 0 = any)
  --write-config FILE      first sign a browser profile in to the sandbox and write a config
                           that points every publisher at it
  --fault PLATFORM=FAULT   inject a fault: slow-editor, paste-dropped, logged-out, publish-error,
                           captcha, noise (cookie banner, "What's new" dialog, toast), covered
                           (an overlay over the editor that cannot be closed)
                           (also at runtime: POST /__sandbox/faults on the platform's origin)
  --latency MS             add MS to every response, like a real site over the internet
  --feed-lag MS            a new post shows in its feed only MS after publishing
${COMMON}`,
  demo: `publish demo - the whole pipeline against the sandbox, in a temporary home

Usage: publish demo [--to devto,zenn] [--draft FILE] [--home DIR] [--json]

  --to LIST                platforms (default: every sandbox platform)
  --draft FILE             the draft to publish (default: drafts/example.md)
${COMMON}`,
  profile: `publish profile - the Chrome profiles on this machine, and the automation clone

Usage:
  publish profile list [--json]
  publish profile clone [--from USER_DATA_DIR] [--profile NAME] [--to DIR] [--json]
  publish profile doctor [--check-keychain] [--json]
  publish profile patch-cli [--bundle PATH] [--restore] [--json]

  --from DIR               the browser's user-data-dir (default: browser.cloneFrom, else the
                           first installed of Chrome, Chrome Beta/Dev/Canary, Chromium, Edge, Brave)
  --profile NAME           profile directory, name or account email (default: Default)
  --to DIR                 where the clone goes (default: the automation profile in the data dir)

The clone copies the profile (caches skipped), Local State and First Run; the live databases
with SQLite's online backup. The source is only read. Later clones copy only what changed.

doctor: per configured platform, the clone's cookies for its domain (count, encryption version,
whether they will decrypt at launch, latest session expiry), whether the source browser runs and
whether the clone is in use. Never prints a cookie value.
  --check-keychain         macOS: also read the "Chrome Safe Storage" key to test decryption
                           (macOS asks for your permission)

patch-cli: make @playwright/cli keep the real keychain so it can open the clone logged in.
  --bundle PATH            the playwright-core lib/coreBundle.js to patch (default: every one
                           belonging to @playwright/cli in the npx cache or on PATH)
  --restore                put the original back from the .bak kept at the first patch
${COMMON}`,
  show: `publish show - one draft, platform by platform

Usage: publish show <draft.md> [--json]

State, URL, error, timings (planned -> published -> live) and evidence: screenshots of the filled
editor, the preview and the published page, and a Playwright trace when a platform failed
(\`npx playwright show-trace <file>\`).
${COMMON}`,
  'run-due': `publish run-due - publish every draft that is due

Usage: publish run-due [--drafts DIR] [--json] [--now ISO]

Every draft in DIR (default ./drafts) with publish_at (in the front matter, or per platform in
its block) at or before now is published to the platforms its "platforms" list names, unless the
ledger already has it. One run at a time (a second leaves at once). Transient failures are
retried with backoff; an earlier click with an unknown outcome is checked, never repeated.
What needs a person (logged out, a captcha, a page it does not recognise) is marked
"needs-attention" in the ledger and you get a notification; the other platforms go on.
Appends to <data dir>/logs/run-due.log.

  --now ISO                pretend it is this time (catching up, testing)
${COMMON}`,
  schedule: `publish schedule - run \`publish run-due\` unattended

Usage:
  publish schedule install [--every 15m | --at HH:MM] [--drafts DIR] [--print] [--os darwin|linux]
  publish schedule uninstall
  publish schedule status [--json]

macOS: a LaunchAgent (~/Library/LaunchAgents/dev.publish.run-due.plist) in your GUI session,
loaded with launchctl bootstrap gui/<uid>. Linux: a systemd user service and timer
(~/.config/systemd/user/publish-run-due.*), or a crontab line where systemd is absent.
  --print                  show what would be installed; install nothing
  --os darwin|linux        the target (with --print: prepare another machine's files)
  --cron                   a crontab line instead (Linux: even where systemd is available;
                           macOS: works, but the LaunchAgent is the default because cron jobs
                           run outside your logged-in session: Chrome may get no window server
                           and no keychain, so the clone comes up logged out, and cron needs
                           Full Disk Access)
${COMMON}`,
  doctor: `publish doctor --live - are the platforms' editors still what the publishers expect?

Usage: publish doctor --live [--to LIST] [--json] [--browser-profile DIR] [--no-refresh]

Opens each platform's editor in the automation profile (the fresh clone), checks that the session
is logged in and that every named selector of that publisher resolves. Types nothing, saves
nothing. Exit 0 when all is well, 1 when a platform is logged out or a selector broke (named, so
you can fix it at the top of src/publishers/<platform>.ts). Suitable for a daily schedule.
${COMMON}`,
  platforms: `publish platforms - every platform publish can drive

Usage: publish platforms [--json] [--config FILE]

Per platform: its id (for --to), name, what its editor takes (markdown, html or text), its
limits, its public feed (for \`publish track\`) and the origin it will drive (config
platforms.<id>.url, else the real site).
${COMMON}`,
  track: `publish track - confirm published posts from each platform's public feed

Usage: publish track [DRAFT] [--until-live] [--timeout 30m] [--json]

Polls the feed of every platform with a publication in state "published" (only DRAFT's, if
given), conditionally (ETag / Last-Modified), and marks what it finds "live" with its URL and
the time it took. Items are matched by URL, else by title.

  --until-live             keep polling until all are live, at each platform's pace (dev.to's
                           feed is cached for about 10 minutes), backing off while nothing changes
  --timeout DURATION       give up after this long (default 30m; e.g. 90s, 1h)

Exit codes: 0 done, 1 a feed could not be read or (with --until-live) some are still not live.
${COMMON}`,
  feeds: `publish feeds - read feeds without touching the ledger

Usage: publish feeds inspect <URL|FILE> [--json]

Prints the feed's items normalised: title, link (tracking parameters removed), guid, published
(ISO 8601 UTC), categories, author. RSS 2.0, RSS 1.0 and Atom.
${COMMON}`,
  'from-feed': `publish from-feed - turn your own blog's feed into drafts (publish on your site, syndicate elsewhere)

Usage: publish from-feed <URL|FILE> [--drafts DIR] [--all | --since DATE | --last N] [--json]

Writes one draft into DIR (default: ./drafts) per feed item not pulled before: front matter
title, description, tags (the item's categories, lowercased, letters and digits, at most 4),
canonical_url (the item's link), date and source {feed, guid}; the body is the item's full HTML
(content:encoded, Atom content, else description) as Markdown: code blocks keep their language,
tables, lists, quotes and headings survive, images and links are made absolute, YouTube, CodePen,
gist and tweet embeds become embed lines, scripts, styles and tracking pixels are dropped.
An existing file is never overwritten (a -2 suffix is added). The ledger remembers every item,
so a second pull writes nothing new. The first pull of a feed takes only its newest item (a
back catalogue must not flood every platform) unless:
  --all                    every item not pulled before
  --since DATE             items published on or after DATE (2026-11-01 or ISO 8601)
  --last N                 the N newest items
For unattended syndication, see "syndicate" in the README's configuration (run-due pulls first).
${COMMON}`,
  import: `publish import - adopt posts already published by hand

Usage: publish import --platform ID [--drafts DIR] [--json]

Reads the platform's feed for your account (platforms.<id>.username or .feed in the config)
and records every post whose title matches a draft in DIR (default: ./drafts) as live in the
ledger, so publish never posts that draft there again.
${COMMON}`,
  open: `publish open - a headed browser on the automation profile, for manual work (logging in)

Usage: publish open [URL] [--browser-profile DIR] [--config FILE] [--home DIR]

Close the window (or press Ctrl+C) when done.
${COMMON}`,
};

const OPTIONS = {
  to: { type: 'string' },
  config: { type: 'string' },
  home: { type: 'string' },
  'browser-profile': { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  port: { type: 'string' },
  'write-config': { type: 'string' },
  fault: { type: 'string', multiple: true },
  draft: { type: 'string' },
  concurrency: { type: 'string' },
  latency: { type: 'string' },
  'feed-lag': { type: 'string' },
  'no-refresh': { type: 'boolean' },
  from: { type: 'string' },
  profile: { type: 'string' },
  bundle: { type: 'string' },
  restore: { type: 'boolean' },
  'check-keychain': { type: 'boolean' },
  'until-live': { type: 'boolean' },
  timeout: { type: 'string' },
  platform: { type: 'string' },
  drafts: { type: 'string' },
  'retry-unknown': { type: 'boolean' },
  preview: { type: 'boolean' },
  out: { type: 'string' },
  live: { type: 'boolean' },
  now: { type: 'string' },
  every: { type: 'string' },
  at: { type: 'string' },
  print: { type: 'boolean' },
  os: { type: 'string' },
  cron: { type: 'boolean' },
  update: { type: 'boolean' },
  all: { type: 'boolean' },
  since: { type: 'string' },
  last: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export type Flags = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/**
 * The flags each command takes besides the common ones (--config, --home, --json, --help,
 * --version). Anything else is refused: a flag that is silently ignored (`run-due --dry-run`)
 * is worse than an error.
 */
const TAKES: Record<string, readonly (keyof typeof OPTIONS)[]> = {
  publish: ['to', 'browser-profile', 'no-refresh', 'dry-run', 'out', 'preview', 'retry-unknown', 'concurrency', 'update'],
  status: [],
  sandbox: ['port', 'write-config', 'fault', 'latency', 'feed-lag'],
  demo: ['to', 'draft'],
  open: ['browser-profile', 'no-refresh'],
  profile: ['from', 'profile', 'to', 'bundle', 'restore', 'check-keychain'],
  track: ['until-live', 'timeout'],
  feeds: [],
  'from-feed': ['drafts', 'all', 'since', 'last'],
  import: ['platform', 'drafts'],
  platforms: [],
  show: [],
  doctor: ['live', 'to', 'browser-profile', 'no-refresh'],
  'run-due': ['drafts', 'now'],
  schedule: ['every', 'at', 'drafts', 'print', 'os', 'cron'],
};
const COMMON_FLAGS = new Set(['config', 'home', 'json', 'help', 'version']);

const COMMANDS = ['status', 'sandbox', 'demo', 'open', 'profile', 'track', 'feeds', 'from-feed', 'import', 'platforms', 'show', 'doctor', 'run-due', 'schedule'] as const;
type Command = (typeof COMMANDS)[number] | 'publish';

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[] = process.argv.slice(2), io: Io = realIo): Promise<number> {
  let parsed: { values: Flags; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n  Run "publish --help" for usage.\n`);
    return 2;
  }
  const { values: flags, positionals } = parsed;
  const first = positionals[0];
  const command: Command = (COMMANDS as readonly string[]).includes(first ?? '') ? (first as Command) : 'publish';
  const args = command === 'publish' ? positionals : positionals.slice(1);

  const name = command === 'publish' ? 'publish' : `publish ${command}`;
  const foreign = Object.keys(flags).filter((f) => !COMMON_FLAGS.has(f) && !TAKES[command]!.includes(f as keyof typeof OPTIONS));
  if (foreign.length > 0) {
    io.stderr(`error: \`${name}\` does not take ${foreign.map((f) => `--${f}`).join(', ')}.\n  Run "${name} --help" for its options.\n`);
    return 2;
  }
  if (flags.version) {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (flags.help || (command === 'publish' && args.length === 0)) {
    io.stdout(`${HELP[command === 'publish' ? 'main' : command]}\n`);
    return flags.help ? 0 : 2;
  }

  try {
    switch (command) {
      case 'publish':
        return await (await import('./commands/publish.js')).publishCommand(args, flags, io);
      case 'status':
        return await (await import('./commands/status.js')).statusCommand(args, flags, io);
      case 'sandbox':
        return await (await import('./commands/sandbox.js')).sandboxCommand(args, flags, io);
      case 'demo':
        return await (await import('./commands/demo.js')).demoCommand(args, flags, io);
      case 'open':
        return await (await import('./commands/open.js')).openCommand(args, flags, io);
      case 'profile':
        return await (await import('./commands/profile.js')).profileCommand(args, flags, io);
      case 'track':
        return await (await import('./commands/track.js')).trackCommand(args, flags, io);
      case 'feeds':
        return await (await import('./commands/feeds.js')).feedsCommand(args, flags, io);
      case 'from-feed':
        return await (await import('./commands/from-feed.js')).fromFeedCommand(args, flags, io);
      case 'run-due':
        return await (await import('./commands/run-due.js')).runDueCommand(args, flags, io);
      case 'schedule':
        return await (await import('./commands/run-due.js')).scheduleCommand(args, flags, io);
      case 'doctor':
        return await (await import('./commands/doctor.js')).doctorCommand(args, flags, io);
      case 'show':
        return await (await import('./commands/show.js')).showCommand(args, flags, io);
      case 'platforms':
        return await (await import('./commands/platforms.js')).platformsCommand(args, flags, io);
      case 'import':
        return await (await import('./commands/import.js')).importCommand(args, flags, io);
    }
  } catch (error) {
    return (await import('./commands/report.js')).reportError(error, flags, io);
  }
}

const invokedDirectly = process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  // Everything publish writes, and everything the browser it starts writes (the profile, its
  // cookie databases, traces), is the user's alone: files 0600, directories 0700.
  process.umask(0o077);
  let settled = false;
  // If the event loop empties while main() is still pending, a promise was lost: never let that
  // look like success.
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    process.stderr.write('publish: internal error: the run stopped before finishing (a browser event never came). Nothing more was done; check `publish status`.\n');
    process.exitCode = 1;
  });
  main().then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (error: unknown) => {
      settled = true;
      process.stderr.write(`publish: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
