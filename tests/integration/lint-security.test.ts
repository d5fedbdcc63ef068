import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('Electronegativity over main/, preload/ and renderer/', () => {
  it('finds nothing of low severity or higher that is not suppressed with a stated reason', () => {
    const run = spawnSync(process.execPath, ['scripts/lint-security.mjs'], { encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/finding\(s\)/);
    expect(run.stdout).toMatch(/no findings of low severity or higher/);
    expect(run.status).toBe(0);
  });
});
