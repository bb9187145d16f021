/**
 * The browser's command line. Playwright puts its own switches first and ours after them.
 * Chromium keeps only the last `--disable-features` (and `--enable-features`): a second one
 * replaces the first whole instead of adding to it (base/command_line.cc stores one value per
 * switch; cypress-io/cypress#34787 shows the resolved feature list dropping to the later one).
 * So a list of ours carries Playwright's names too, and Playwright's own switch is left out.
 */

/**
 * playwright-core 1.65.1 `server/chromium/chromiumSwitches.ts`, copied: Playwright does not
 * export it. test/environment.test.ts launches Playwright bare and compares, so an upgrade that
 * changes the list fails the tests instead of silently losing a name.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
] as const;
/** The same file's `--enable-features` (without PLAYWRIGHT_LEGACY_SCREENSHOT set). */
export const PLAYWRIGHT_ENABLED_FEATURES = ['CDPScreenshotNewSurface', 'SkipListAccountsWithoutGaiaCookies'] as const;

/**
 * Chromium 156 builds each window's address-bar suggestion popup as a web page of its own
 * (chrome://omnibox-popup.top-chrome/, and omnibox_popup_aim.html for "AI mode"), loaded when
 * the window opens, in a `--top-chrome-webui` renderer: measured here, that renderer took
 * 0.3-0.6 CPU-s while the first two windows opened, competing with the editors' start-up. An
 * automation window never shows the popup; with these off, Chrome keeps its built-in (Views)
 * popup for the address bar, so `publish open` still suggests as usual. Feature names from
 * chromium `chrome/browser/ui/omnibox/omnibox_next_features.h` (kWebUIOmniboxAimPopup) and
 * `components/omnibox/common/omnibox_features.cc` (kWebUIOmniboxPopup); a browser that does
 * not know a name ignores it.
 */
export const OUR_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'] as const;

export interface Switches {
  args: string[];
  ignoreDefaultArgs: string[];
}

/**
 * The switches to launch with: ours, the config's `browser.args` (its feature lists merged into
 * one each, with Playwright's and ours), `--no-sandbox` as root; and which of Playwright's
 * defaults to leave out (those merged here, and what the caller asks, e.g. the mock keychain).
 */
export function launchSwitches(options: { args?: string[]; isRoot?: boolean; ignoreDefaultArgs?: string[] }): Switches {
  const disable = new Set<string>([...PLAYWRIGHT_DISABLED_FEATURES, ...OUR_DISABLED_FEATURES]);
  let enable: Set<string> | undefined;
  const rest: string[] = [];
  for (const arg of ['--no-first-run', '--no-default-browser-check', ...(options.args ?? [])]) {
    const feature = /^--(disable|enable)-features=(.*)$/.exec(arg);
    if (!feature) {
      rest.push(arg);
      continue;
    }
    const names = feature[2]!.split(',').filter(Boolean);
    if (feature[1] === 'disable') names.forEach((n) => disable.add(n));
    else names.forEach((n) => (enable ??= new Set(PLAYWRIGHT_ENABLED_FEATURES)).add(n));
  }
  if (options.isRoot && !rest.includes('--no-sandbox')) rest.push('--no-sandbox');
  const args = [...new Set(rest), `--disable-features=${[...disable].join(',')}`];
  const ignoreDefaultArgs = [...(options.ignoreDefaultArgs ?? []), `--disable-features=${PLAYWRIGHT_DISABLED_FEATURES.join(',')}`];
  if (enable) {
    args.push(`--enable-features=${[...enable].join(',')}`);
    ignoreDefaultArgs.push(`--enable-features=${PLAYWRIGHT_ENABLED_FEATURES.join(',')}`);
  }
  return { args, ignoreDefaultArgs };
}
