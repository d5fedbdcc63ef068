import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('one way to open a key', () => {
  it('only the cabinet’s KeyOpener calls keys/openKeyAt (and nothing else opens a file key or a token key for signing)', () => {
    const callers = sources(path.join(process.cwd(), 'main'))
      .filter((file) => /\bopenKeyAt\(|\bopenFileKey\(|new Pkcs11SigningKey\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(process.cwd(), file).split(path.sep).join('/'))
      .sort();
    expect(callers).toEqual(['main/core/cabinet/key-opener.ts', 'main/core/keys/file-key/file-key.ts', 'main/core/keys/open-key.ts']);
  });
});
