/**
 * `--preview`: every platform is filled and shows its own preview; then the terminal asks,
 * platform by platform: publish, skip (leave it as a draft), show (bring its window to the
 * front), or abort (skip this and every platform not yet answered). Line-based input, so it
 * works over ssh and inside tmux. If the writer presses the platform's own Publish button
 * instead, the navigation to the post is noticed and recorded, and the question is withdrawn.
 */
import readline from 'node:readline';
import type { Page } from 'playwright';

export type Decision = { kind: 'publish' } | { kind: 'skip'; aborted: boolean } | { kind: 'published-in-browser'; url: string };

interface Ask {
  platform: string;
  page: Page;
  isPostUrl: (url: URL) => boolean;
  /** --update: the platform shows a published post's edit page with the changes in. */
  editing: boolean;
  resolve: (d: Decision) => void;
  settled: boolean;
}

export class Prompter {
  private readonly rl: readline.Interface;
  private readonly queue: Ask[] = [];
  private busy = false;
  private aborted = false;

  constructor(
    input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stderr,
  ) {
    this.rl = readline.createInterface({ input, output, terminal: false });
  }

  /** Resolves once the writer has decided for this platform (or published it in the browser). */
  decide(platform: string, page: Page, isPostUrl: (url: URL) => boolean, editing = false): Promise<Decision> {
    return new Promise((resolve) => {
      const ask: Ask = { platform, page, isPostUrl, editing, resolve, settled: false };
      if (this.aborted) return this.settle(ask, { kind: 'skip', aborted: true });
      this.queue.push(ask);
      // The writer may publish in the browser while waiting: that answers the question.
      page
        .waitForURL(isPostUrl, { timeout: 0 })
        .then(() => {
          if (ask.settled) return;
          this.say(`\n${platform}: ${editing ? 'saved' : 'published'} in the browser: ${page.url()}\n`);
          this.settle(ask, { kind: 'published-in-browser', url: page.url() });
        })
        .catch(() => {}); // the page closed: the run is ending
      void this.pump();
    });
  }

  close(): void {
    this.rl.close();
  }

  private say(text: string): void {
    this.output.write(text);
  }

  private settle(ask: Ask, d: Decision): void {
    if (ask.settled) return;
    ask.settled = true;
    const i = this.queue.indexOf(ask);
    if (i >= 0) this.queue.splice(i, 1);
    ask.resolve(d);
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let ask = this.queue[0]; ask; ask = this.queue[0]) {
        const d = await this.interview(ask);
        if (d) this.settle(ask, d);
        if (this.aborted) for (const rest of [...this.queue]) this.settle(rest, { kind: 'skip', aborted: true });
      }
    } finally {
      this.busy = false;
    }
  }

  /** Asks until an answer decides; undefined if the browser answered first. */
  private async interview(ask: Ask): Promise<Decision | undefined> {
    for (;;) {
      if (ask.settled) return undefined;
      const answer = await this.question(
        ask.editing
          ? `${ask.platform}: the post's edit page holds the changes. [p]ublish them (save), [s]kip (leave the post as it is), s[h]ow, [a]bort? `
          : `${ask.platform} is filled and shows its preview. [p]ublish, [s]kip (leave as draft), s[h]ow, [a]bort? `,
        ask,
      );
      if (answer === undefined) return undefined;
      switch (answer.trim().toLowerCase()) {
        case 'p':
        case 'publish':
          return { kind: 'publish' };
        case 's':
        case 'skip':
          return { kind: 'skip', aborted: false };
        case 'h':
        case 'show':
          await ask.page.bringToFront().catch(() => {});
          this.say(`${ask.platform}: its window is in front now.\n`);
          continue;
        case 'a':
        case 'abort':
          this.aborted = true;
          return { kind: 'skip', aborted: true };
        default:
          this.say('Answer p, s, h or a (then Enter).\n');
      }
    }
  }

  /** One line from the terminal, or undefined if the platform got settled meanwhile. */
  private question(prompt: string, ask: Ask): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.say(prompt);
      const done = (value: string | undefined) => {
        clearInterval(watch);
        this.rl.off('line', onLine);
        this.rl.off('close', onClose);
        resolve(value);
      };
      const onLine = (line: string) => done(line);
      const onClose = () => done('abort'); // the terminal went away: publish nothing more
      this.rl.once('line', onLine);
      this.rl.once('close', onClose);
      const watch = setInterval(() => {
        if (ask.settled) done(undefined);
      }, 100);
    });
  }
}
