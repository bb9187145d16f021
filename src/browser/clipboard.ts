/**
 * The system clipboard is global: two publishers pasting at once would paste each other's text.
 * Every use goes through one ClipboardBroker, which serialises access and puts the writer's own
 * clipboard text back afterwards.
 */
import { spawn } from 'node:child_process';
import type { Locator, Page } from 'playwright';
import { click } from './actions.js';

/** The seam to the OS clipboard. */
export interface ClipboardIO {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

/**
 * The OS's own clipboard tools: pbcopy/pbpaste on macOS (UTF-8 by LC_CTYPE, as pbcopy needs),
 * wl-copy/wl-paste on Wayland, xsel on X11 (xclip keeps its output open after a copy and hangs
 * a caller that waits for it). Called directly: clipboardy did the same through execa, whose
 * import alone cost about 110 ms and 150 ms of CPU per run.
 */
export function clipboardCommands(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): { copy: string[]; paste: string[]; env: Record<string, string> } {
  if (platform === 'darwin') return { copy: ['pbcopy'], paste: ['pbpaste'], env: { LC_CTYPE: 'UTF-8' } };
  if (env.WAYLAND_DISPLAY && !env.DISPLAY) return { copy: ['wl-copy', '--type', 'text/plain'], paste: ['wl-paste', '--no-newline'], env: {} };
  return { copy: ['xsel', '--clipboard', '--input'], paste: ['xsel', '--clipboard', '--output'], env: {} };
}

/** How long a clipboard tool may take: a reader waits on the selection's owner, which may never answer. */
const TOOL_MS = 5000;
/** A reader's first try; each next one may take twice as long, all of them TOOL_MS at most. */
const FIRST_READ_MS = 500;

/** A tool that was stopped because it did not exit in time. */
class ToolTimeout extends Error {}

/**
 * Runs a clipboard tool, feeding `input`; resolves with its output once it exits (not once its
 * pipes close: xsel leaves a server behind). Never hangs: a tool still running after TOOL_MS is
 * killed and the call fails (an X11 reader waits as long as the selection's owner takes, and a
 * busy or stuck owner may take forever); a tool that exits before reading its input fails by
 * its exit code, not by an unhandled EPIPE.
 */
function run(argv: string[], env: Record<string, string>, input?: string, ms = TOOL_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', input === undefined ? 'pipe' : 'ignore', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ToolTimeout(`${argv[0]} did not answer within ${ms / 1000} s`));
    }, ms);
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.stdin?.on('error', () => {}); // EPIPE: the tool went away first; its exit says how
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${argv[0]} could not be run (${(error as NodeJS.ErrnoException).code ?? error.message}); ${argv[0] === 'xsel' ? 'install xsel (sudo apt-get install xsel)' : 'it is needed for the clipboard'}.`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Output may still be in flight when a reader exits: wait for its stream to end.
      const done = () => (code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`${argv[0]} failed (exit ${code}): ${Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? ''}`)));
      if (child.stdout && !child.stdout.readableEnded) child.stdout.once('end', done);
      else done();
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/**
 * Reads the clipboard. Beside a busy machine an X11 reader now and then never hears back from
 * the selection's owner although the owner is fine: measured here, `xsel --clipboard --output`
 * hung in 6 of 1,500 reads right after a write while tests ran alongside, and each time a new
 * reader got the text at once. So a reader that has not answered is stopped and another started,
 * each given twice as long as the one before, TOOL_MS in all.
 */
async function readClipboard(c: { paste: string[]; env: Record<string, string> }): Promise<string> {
  const started = Date.now();
  for (let wait = FIRST_READ_MS; ; wait *= 2) {
    const left = TOOL_MS - (Date.now() - started);
    if (left <= 0) throw new Error(`${c.paste[0]} did not answer within ${TOOL_MS / 1000} s`);
    try {
      return await run(c.paste, c.env, undefined, Math.min(wait, left));
    } catch (error) {
      if (!(error instanceof ToolTimeout)) throw error;
    }
  }
}

export function osClipboard(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): ClipboardIO {
  const c = clipboardCommands(platform, env);
  const read = () => readClipboard(c);
  return {
    read,
    write: async (text) => {
      await run(c.copy, c.env, text);
      // xsel and wl-copy hand the text to a child they fork, which takes the selection a moment
      // after the command itself has exited: a paste right away can still get the old text. Wait
      // until the clipboard answers with the new text (usually the first read).
      const deadline = Date.now() + 2000;
      while ((await read().catch(() => undefined)) !== text) {
        if (Date.now() > deadline) throw new Error(`${c.copy[0]} did not put the text on the clipboard within 2 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

export const systemClipboard: ClipboardIO = osClipboard();

export class ClipboardBroker {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly io: ClipboardIO = systemClipboard) {}

  /**
   * Runs `fn` with the clipboard to itself; restores the writer's clipboard text afterwards,
   * before the next user. (Restoring in the background, or once after a run of uses, saved about
   * 40 ms a platform, but fresh-clone CI runs then twice found the X clipboard not answering the
   * next write's read-back: it waits here, as it always did.)
   */
  async exclusive<T>(fn: (io: ClipboardIO) => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    let saved: string | undefined;
    try {
      saved = await this.io.read();
    } catch {
      saved = undefined; // empty or non-text clipboard: nothing to restore
    }
    try {
      return await fn(this.io);
    } finally {
      if (saved !== undefined) await this.io.write(saved).catch(() => {});
      release();
    }
  }

  /** Resolves once every use so far is done (each restores before it ends). */
  settled(): Promise<void> {
    return this.tail;
  }
}

/** Empties a focused editor the way a person would: select all, delete. */
export async function clearEditor(page: Page, target: Locator): Promise<void> {
  await click(target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
}

/**
 * Replaces what `target` holds with `text` through the clipboard, as a person does: the text onto
 * the clipboard, a click into the editor (`clickIt`; a publisher passes its own, which clears the
 * way first), select all, delete, paste. Call inside `exclusive`.
 */
export async function pasteInto(page: Page, target: Locator, text: string, io: ClipboardIO, clickIt: () => Promise<void> = () => click(target)): Promise<void> {
  await io.write(text);
  await clickIt();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.press('ControlOrMeta+V');
}

/**
 * Reads an editor's whole text by select-all + copy. For virtualised editors (CodeMirror 6 only
 * renders visible lines) this is the reliable read-back: copy serialises the editor's own state.
 */
export async function copyAllFrom(page: Page, target: Locator, io: ClipboardIO): Promise<string> {
  await io.write('');
  await target.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+C');
  return io.read();
}

/**
 * Puts text/html AND text/plain on the system clipboard from inside the page (the async
 * Clipboard API, permission granted for the page's origin), then presses Ctrl/Cmd+V into
 * `target`, so a rich-text editor receives real HTML. Call inside `exclusive`.
 */
export async function pasteHtmlInto(page: Page, target: Locator, html: string, text: string): Promise<void> {
  const origin = new URL(page.url()).origin;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  // The async Clipboard API needs a focused document: bring this platform's window forward
  // (an unattended run may have another app, or another platform's window, in front).
  await page.bringToFront();
  await target.focus();
  await page.evaluate(
    async ({ html, text }) => {
      await navigator.clipboard.write([
        new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) }),
      ]);
    },
    { html, text },
  );
  await page.keyboard.press('ControlOrMeta+V');
}
