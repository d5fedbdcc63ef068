import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A real, tiny filesystem of its own (tmpfs with `size=`), mounted in a fresh folder, for disk-full tests. */
export interface TinyFs {
  dir: string;
  /** Fills what is left with a file `.filler` (removed by `free`), so the next write hits ENOSPC. */
  fill(): void;
  free(): void;
  /** Remounts read-only (`rw`: back to writable). */
  setReadOnly(readOnly: boolean): void;
  unmount(): void;
}

/** Root mounts directly; another user through passwordless sudo (as on CI runners), else not at all. */
function asRoot(): string[] | null {
  if (process.platform !== 'linux') return null;
  if (process.getuid?.() === 0) return [];
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return ['sudo', '-n'];
  } catch {
    return null;
  }
}

function run(command: string, args: string[]): void {
  const prefix = asRoot() ?? [];
  execFileSync(prefix[0] ?? command, prefix.length > 0 ? [...prefix.slice(1), command, ...args] : args);
}

/**
 * Mounting needs root (or passwordless sudo). In CI a missing right fails the test file loudly; elsewhere the
 * caller skips with the reason this returns (use with `describe.skipIf`).
 */
export function tinyFsUnavailable(): string | false {
  if (asRoot() !== null) return false;
  const reason = 'mounting a tiny tmpfs needs root or passwordless sudo on Linux';
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI requires ${reason}`);
  console.warn(`skipping: ${reason}`);
  return reason;
}

export function mountTinyFs(sizeBytes: number): TinyFs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-tinyfs-'));
  run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700,uid=${process.getuid!()},gid=${process.getgid!()}`, 'tmpfs', dir]);
  const filler = path.join(dir, '.filler');
  return {
    dir,
    fill() {
      const chunk = Buffer.alloc(4096, 0x55);
      const fd = fs.openSync(filler, 'a');
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    setReadOnly(readOnly) {
      run('mount', ['-o', `remount,${readOnly ? 'ro' : 'rw'}`, dir]);
    },
    unmount() {
      run('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
