/**
 * Crash points for testing crash safety: with `PUBLISH_FAILPOINT=<name>` (or `<platform>:<name>`)
 * the process kills itself with SIGKILL when it reaches that point, as a power cut or `kill -9`
 * would. Names: before-fill, after-paste, after-click, before-ledger-write. Unset, they cost a
 * comparison.
 */
export function failpoint(name: string, platform?: string): void {
  const want = process.env.PUBLISH_FAILPOINT;
  if (!want || (want !== name && want !== `${platform}:${name}`)) return;
  process.stderr.write(`failpoint ${want}: killing the process\n`);
  process.kill(process.pid, 'SIGKILL');
}
