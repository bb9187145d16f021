/**
 * Living posts (issue 15): a published draft that changes is reported as changed and left alone
 * without --update; with --update every editable platform holds the new title and body in the
 * SAME post (its edit page, its own "save changes"), X and Bluesky are said to be not editable,
 * and a third run changes nothing. A post deleted on the site fails that platform and never
 * becomes a new post; a SIGKILL around the save click is settled by the next --update.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../src/ledger/ledger.js';
import { dataPaths } from '../src/home.js';
import { exampleDraft, fileSandbox, runCli, tempDir } from './helpers.js';

const f = fileSandbox();
const ALL = ['devto', 'zenn', 'qiita', 'note', 'substack', 'hashnode', 'medium', 'linkedin', 'linkedin-post', 'x', 'bluesky'];
const ARTICLES = ['devto', 'zenn', 'qiita', 'note', 'substack', 'hashnode', 'medium', 'linkedin'];
const NOT_EDITABLE = ['x', 'bluesky', 'linkedin-post'];

type Line = { platform: string; state: string; url: string | null; error: string | null; existing: boolean; changed: string[]; updated?: boolean; revision?: number; diff?: string };
const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
const byId = (stdout: string) => Object.fromEntries(lines(stdout).map((l) => [l.platform, l]));

/** A copy of the example draft (with its image) in a temp folder, its title made unique. */
function copyExample(title: string): string {
  const dir = tempDir();
  fs.cpSync(path.dirname(exampleDraft), dir, { recursive: true });
  const file = path.join(dir, 'example.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: "${title}"`));
  return file;
}

/** Edits the draft as a writer would: a new title and a new paragraph in the body. */
function edit(file: string, title: string, paragraph: string): void {
  const text = fs.readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: "${title}"`);
  const end = text.indexOf('\n---', 4) + 4;
  fs.writeFileSync(file, `${text.slice(0, end)}\n\n${paragraph}\n${text.slice(end)}`);
}

const postsOf = (id: string, url: string | null) => f.sandbox.sites[id]!.posts.filter((p) => p.url === url);
const plain = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

describe('--update', () => {
  it('changes every editable copy in place, says which cannot be, and a third run changes nothing', async () => {
    const draft = copyExample('A post that will change');
    const home = tempDir();
    const config = f.configFile();
    const args = [draft, '--to', ALL.join(','), '--config', config, '--home', home, '--json'];
    const first = await runCli(args);
    expect(first.status, first.stderr).toBe(0);
    const published = byId(first.stdout);
    const count = () => Object.fromEntries(ALL.map((id) => [id, f.sandbox.sites[id === 'linkedin-post' ? 'linkedin-post' : id]!.posts.length]));
    const before = count();

    const paragraph = 'This paragraph was added after the post went out everywhere.';
    edit(draft, 'A post that changed', paragraph);

    // Without --update: every platform reported changed, nothing touched, exit 0.
    const plainRun = await runCli(args);
    expect(plainRun.status, plainRun.stderr).toBe(0);
    expect(plainRun.stderr).not.toContain('Opening');
    for (const l of lines(plainRun.stdout)) {
      expect(l.existing, l.platform).toBe(true);
      expect(l.changed.length, l.platform).toBeGreaterThan(0);
    }
    for (const id of ARTICLES) expect(plainRun.stderr).toContain(`${id}: published; the draft changed since`);
    expect(plainRun.stderr).toContain('run with --update');
    for (const id of ARTICLES) expect(postsOf(id, published[id]!.url)[0]!.title, id).toBe('A post that will change');

    // --update --dry-run: a diff per platform, no browser.
    const dry = await runCli([...args, '--update', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stderr).not.toContain('Opening');
    const dryLines = byId(dry.stdout);
    for (const id of ARTICLES) {
      expect(dryLines[id]!.diff, id).toContain(`+${paragraph}`);
      expect(dryLines[id]!.diff, id).toContain('-title: A post that will change');
      expect(dryLines[id]!.diff, id).toContain('+title: A post that changed');
    }
    const human = await runCli([draft, '--to', 'devto', '--config', config, '--home', home, '--update', '--dry-run']);
    expect(human.stdout).toMatch(/^--- devto\/published/m);
    expect(human.stdout).toContain(`+${paragraph}`);

    // --update: the same posts hold the new title and body; X and Bluesky are left alone.
    const update = await runCli([...args, '--update']);
    expect(update.status, update.stderr).toBe(0);
    const updated = byId(update.stdout);
    expect(count()).toEqual(before);
    for (const id of ARTICLES) {
      expect(updated[id]!.updated, `${id}: ${updated[id]!.error}`).toBe(true);
      expect(updated[id]!.revision, id).toBe(2);
      expect(updated[id]!.url, id).toBe(published[id]!.url);
      const [post] = postsOf(id, published[id]!.url);
      expect(post!.title, id).toBe('A post that changed');
      // Replaced, not appended to: the new paragraph once, the old text once, the image still there.
      expect(plain(post!.body).split(paragraph).length - 1, id).toBe(1);
      expect(plain(post!.body).split('Every platform has its own editor').length - 1, id).toBe(1);
      expect(post!.images.length, id).toBeGreaterThanOrEqual(1);
      expect(post!.edits, id).toBe(1);
      // Its page shows it too (what the run checked before recording the update).
      expect(plain(await (await fetch(post!.url)).text()), id).toContain(paragraph);
    }
    for (const id of NOT_EDITABLE) {
      expect(updated[id]!.updated, id).toBeUndefined();
      expect(updated[id]!.existing, id).toBe(true);
    }
    expect(update.stderr).toContain('X posts cannot be edited; the post was left as it is');
    expect(update.stderr).toContain('Bluesky posts cannot be edited; the post was left as it is');
    const ledger = Ledger.open(dataPaths(home).ledger);
    for (const row of ledger.status().filter((r) => ARTICLES.includes(r.platform))) expect([row.platform, row.revision, row.update_clicked_at]).toEqual([row.platform, 2, null]);
    ledger.close();

    // A third --update: nothing to change on the editable platforms.
    const third = await runCli([...args, '--update']);
    expect(third.status, third.stderr).toBe(0);
    for (const id of ARTICLES) {
      expect(byId(third.stdout)[id]!.changed, id).toEqual([]);
      expect(postsOf(id, published[id]!.url)[0]!.edits, id).toBe(1);
    }
    expect(count()).toEqual(before);
  });

  it('through the noise: every edit page with a cookie banner, a "What\'s new" dialog and a toast over its save button updates in place', async () => {
    const draft = copyExample('A post edited through the noise');
    const home = tempDir();
    const args = [draft, '--to', ARTICLES.join(','), '--config', f.configFile(), '--home', home, '--json'];
    const first = await runCli(args);
    expect(first.status, first.stderr).toBe(0);
    const published = byId(first.stdout);
    const paragraph = 'A paragraph added, then saved through banners, dialogs and toasts.';
    edit(draft, 'A post edited through the noise, changed', paragraph);
    for (const id of ARTICLES) {
      f.sandbox.setFaults(id, { noise: true });
      f.sandbox.sites[id]!.noise.length = 0;
    }
    try {
      const r = await runCli([...args, '--update']);
      expect(r.status, r.stderr).toBe(0);
      const out = byId(r.stdout);
      for (const id of ARTICLES) {
        expect(out[id]!.updated, `${id}: ${out[id]!.error}`).toBe(true);
        expect(out[id]!.url, id).toBe(published[id]!.url);
        const [post] = postsOf(id, published[id]!.url);
        expect(post!.title, id).toBe('A post edited through the noise, changed');
        expect(plain(post!.body).split(paragraph).length - 1, id).toBe(1);
        // The noise was there on the edit page, and went the way a person sends it.
        expect(f.sandbox.sites[id]!.noise, id).toEqual(expect.arrayContaining(['shown:banner', 'shown:dialog', 'dismissed:dialog', 'shown:toast']));
      }
    } finally {
      for (const id of ARTICLES) f.sandbox.setFaults(id, {});
    }
  });

  it('a post deleted on the site (edit-gone) fails that platform, makes no new post, and the others update', async () => {
    const draft = copyExample('A post deleted on one site');
    const home = tempDir();
    const args = [draft, '--to', 'devto,zenn', '--config', f.configFile(), '--home', home, '--json'];
    expect((await runCli(args)).status).toBe(0);
    const devtoCount = f.sandbox.sites.devto!.posts.length;
    edit(draft, 'A post deleted on one site, edited', 'A new paragraph for the edit-gone case.');
    f.sandbox.sites.devto!.faults = { editGone: true };
    try {
      const r = await runCli([...args, '--update']);
      expect(r.status, r.stderr).toBe(1);
      const out = byId(r.stdout);
      expect(out.devto!.state).toBe('failed');
      expect(out.devto!.error).toContain('the post is gone');
      expect(out.devto!.error).toContain('HTTP 404');
      expect(out.devto!.error).toContain('no new post was made');
      expect(f.sandbox.sites.devto!.posts.length).toBe(devtoCount);
      expect(out.zenn!.updated).toBe(true);
    } finally {
      f.sandbox.sites.devto!.faults = {};
    }
    // The ledger still says published (the post was not touched by the failure).
    const ledger = Ledger.open(dataPaths(home).ledger);
    expect(ledger.status().find((x) => x.platform === 'devto')!.state).toMatch(/published|live/);
    ledger.close();
  });

  it('after a SIGKILL before or right after the save click, the next --update leaves exactly one post with the new text', async () => {
    const config = f.configFile();
    for (const point of ['after-paste', 'after-click', 'before-ledger-write']) {
      const draft = copyExample(`Update killed at ${point}`);
      const home = tempDir();
      const args = [draft, '--to', 'devto,note', '--config', config, '--home', home, '--json'];
      const first = await runCli(args);
      expect(first.status, first.stderr).toBe(0);
      const urls = byId(first.stdout);
      const paragraph = `Added before the crash at ${point}.`;
      edit(draft, `Update killed at ${point}, edited`, paragraph);
      const killed = await runCli([...args, '--update'], { PUBLISH_FAILPOINT: point });
      expect(killed.signal, `${point}: ${killed.stderr}`).toBe('SIGKILL');
      const again = await runCli([...args, '--update']);
      expect(again.status, `${point}: ${again.stderr}`).toBe(0);
      for (const id of ['devto', 'note']) {
        const posts = f.sandbox.sites[id]!.posts.filter((p) => p.title.startsWith(`Update killed at ${point}`));
        expect(posts, `${point}: ${id}`).toHaveLength(1);
        expect(posts[0]!.url).toBe(urls[id]!.url);
        expect(posts[0]!.title, `${point}: ${id}`).toBe(`Update killed at ${point}, edited`);
        expect(plain(posts[0]!.body), `${point}: ${id}`).toContain(paragraph);
        expect(byId(again.stdout)[id]!.revision, `${point}: ${id}`).toBe(2);
      }
      if (point !== 'after-paste') expect(again.stderr).toContain('looking at the post');
    }
  });
});
