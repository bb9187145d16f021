/**
 * The system clipboard is global: two publishers pasting at once would paste each other's text.
 * Every use goes through one ClipboardBroker, which serialises access and puts the writer's own
 * clipboard text back afterwards.
 */
import type { Locator, Page } from 'playwright';

/** The seam to the OS clipboard (clipboardy: pbcopy/pbpaste on macOS, xsel on X11, wl-copy on Wayland). */
export interface ClipboardIO {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

export const systemClipboard: ClipboardIO = {
  async read() {
    const { default: clipboard } = await import('clipboardy');
    return clipboard.read();
  },
  async write(text) {
    const { default: clipboard } = await import('clipboardy');
    await clipboard.write(text);
  },
};

export class ClipboardBroker {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly io: ClipboardIO = systemClipboard) {}

  /** Runs `fn` with the clipboard to itself; restores the writer's clipboard text afterwards. */
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
}

/** Empties a focused editor the way a person would: select all, delete. */
export async function clearEditor(page: Page, target: Locator): Promise<void> {
  await target.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
}

/** Puts `text` on the clipboard and presses Ctrl/Cmd+V into `target`. Call inside `exclusive`. */
export async function pasteInto(page: Page, target: Locator, text: string, io: ClipboardIO): Promise<void> {
  await io.write(text);
  await target.focus();
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
