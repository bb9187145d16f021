/**
 * Telling the writer that an unattended run needs them: a macOS notification (osascript), a
 * Linux one (notify-send), or a command of their own (config `notify.command`, called with the
 * title and the message as its two arguments). Missing tools are not an error: the run's log
 * and the ledger still say it.
 */
import { spawn } from 'node:child_process';

export type Notifier = (title: string, message: string) => Promise<void>;

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', () => resolve()); // not installed: nothing to do
    child.on('close', () => resolve());
  });
}

const appleString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function systemNotifier(platform: NodeJS.Platform = process.platform, command?: string): Notifier {
  if (command) return (title, message) => run(command, [title, message]);
  if (platform === 'darwin') return (title, message) => run('osascript', ['-e', `display notification ${appleString(message)} with title ${appleString(title)}`]);
  return (title, message) => run('notify-send', ['--app-name=publish', title, message]);
}
