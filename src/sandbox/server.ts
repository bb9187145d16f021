/** Starts the sandbox: one loopback listener per imitated platform. */
import { createDevtoSite } from './devto.js';
import { createZennSite } from './zenn.js';
import { createBlueskySite } from './bluesky.js';
import { createHashnodeSite } from './hashnode.js';
import { createLinkedinPostSite, createLinkedinSite } from './linkedin.js';
import { createMediumSite } from './medium.js';
import { createNoteSite } from './note.js';
import { createQiitaSite } from './qiita.js';
import { createSubstackSite } from './substack.js';
import { createXSite } from './x.js';
import { FAULT_NAMES, type FaultName, type Faults, type Site } from './site.js';

export const SANDBOX_SITES: Record<string, () => Site> = {
  devto: createDevtoSite,
  zenn: createZennSite,
  qiita: createQiitaSite,
  note: createNoteSite,
  substack: createSubstackSite,
  hashnode: createHashnodeSite,
  medium: createMediumSite,
  linkedin: createLinkedinSite,
  'linkedin-post': createLinkedinPostSite,
  x: createXSite,
  bluesky: createBlueskySite,
};

export interface Sandbox {
  sites: Record<string, Site>;
  /** Origin per platform id, e.g. { devto: 'http://127.0.0.1:4301' }. */
  origins: Record<string, string>;
  setFaults(platform: string, faults: Faults): void;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** First port; each further platform takes the next one. 0 = any free ports. */
  port?: number;
  host?: string;
  platforms?: string[];
  /** Milliseconds added to every response, to imitate a real site's round trip. */
  latency?: number;
  /** Milliseconds before a new post shows in its platform's feed. */
  feedLag?: number;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const ids = options.platforms ?? Object.keys(SANDBOX_SITES);
  const sites: Record<string, Site> = {};
  const origins: Record<string, string> = {};
  try {
    for (const [i, id] of ids.entries()) {
      const make = SANDBOX_SITES[id];
      if (!make) throw new Error(`the sandbox has no platform "${id}" (it has ${Object.keys(SANDBOX_SITES).join(', ')})`);
      const site = make();
      site.latency = options.latency ?? 0;
      site.feedLag = options.feedLag ?? 0;
      origins[id] = await site.listen(options.port ? options.port + i : 0, options.host);
      sites[id] = site;
    }
  } catch (error) {
    await Promise.all(Object.values(sites).map((s) => s.close()));
    throw error;
  }
  return {
    sites,
    origins,
    setFaults(platform, faults) {
      const site = sites[platform];
      if (!site) throw new Error(`no sandbox platform "${platform}"`);
      site.faults = faults;
    },
    close: async () => {
      await Promise.all(Object.values(sites).map((s) => s.close()));
    },
  };
}

/** Parses `--fault devto=paste-dropped` style specs into per-platform fault sets. */
export function parseFaultSpecs(specs: string[]): Record<string, Faults> {
  const out: Record<string, Faults> = {};
  for (const spec of specs) {
    const [platform, name] = spec.split('=');
    const apply = FAULT_NAMES[name as FaultName];
    if (!platform || !apply) {
      throw new Error(`bad --fault "${spec}": use PLATFORM=${Object.keys(FAULT_NAMES).join('|')}`);
    }
    apply((out[platform] ??= {}));
  }
  return out;
}
