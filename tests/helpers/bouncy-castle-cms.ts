import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SOURCE = path.resolve(import.meta.dirname, '../fixtures/java/BcCms.java');
const JARS = ['/usr/share/java/bcprov.jar', '/usr/share/java/bcpkix.jar', '/usr/share/java/bcutil.jar'];

/** Bouncy Castle (Debian's jars) as an independent CMS implementation: compiles tests/fixtures/java/BcCms.java once. */
export class BouncyCastle {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bc-'));
  private readonly classpath: string;

  constructor() {
    execFileSync('javac', ['-encoding', 'UTF-8', '-cp', JARS.join(':'), '-d', this.dir, SOURCE], { stdio: 'pipe' });
    this.classpath = [this.dir, ...JARS].join(':');
  }

  run(args: string[]): string {
    return execFileSync('java', ['-cp', this.classpath, 'BcCms', ...args], { stdio: 'pipe' }).toString();
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const BOUNCY_CASTLE_JARS = JARS;
