import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const KEYRING_TOOLS = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon'] as const;

/** A private D-Bus session bus with an unlocked gnome-keyring on it, in a temp HOME. */
export interface KeyringSession {
  address: string;
  stop(): void;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts `dbus-daemon --session` and `gnome-keyring-daemon --unlock --components=secrets` (both in the
 * foreground, so `stop()` ends exactly them) and waits until org.freedesktop.secrets is on the bus.
 */
export async function startKeyringSession(): Promise<KeyringSession> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-keyring-'));
  fs.chmodSync(home, 0o700);
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1', `--address=unix:path=${path.join(home, 'bus')}`], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(bus);
    let printed = '';
    bus.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await waitFor(() => printed.includes('\n'), 'the D-Bus address');
    const address = printed.split('\n')[0]!.trim();
    const env = { ...process.env, HOME: home, XDG_RUNTIME_DIR: home, DBUS_SESSION_BUS_ADDRESS: address };
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    children.push(keyring);
    keyring.stdin!.end('test-login-password');
    const hasSecrets = () => {
      try {
        const reply = execFileSync(
          'dbus-send',
          ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
          { env, encoding: 'utf8' },
        );
        return reply.includes('boolean true');
      } catch {
        return false;
      }
    };
    await waitFor(hasSecrets, 'gnome-keyring on the bus');
    return { address, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
