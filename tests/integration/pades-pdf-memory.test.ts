import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestSigner, writeBigPdf, type TestSigner } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { missingTools } from '../helpers/require-tools';

const ROOT = path.resolve(import.meta.dirname, '../..');
const missing = missingTools(['pdfsig', 'openssl']);
// PADES_PDF_BIG_MB=500 reproduces the 500 MB figure (needs ~1 GB of /tmp).
const BIG = Number(process.env.PADES_PDF_BIG_MB ?? 200) * 1024 * 1024;

/**
 * The whole signing path of the engine on one big PDF in a separate `node` process: prepare (copy + update),
 * hash the byte ranges, a CMS by `openssl cms -sign` fed the ranges as a stream, embed. Prints its peak RSS.
 */
const SCRIPT = (engine: string): string => `
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { embedSignature, hashByteRanges, preparePdfSignature } from ${JSON.stringify(engine)};
const [input, temp, cert, key] = process.argv.slice(2);
const prepared = await preparePdfSignature(input, temp, { reason: 'memory test' });
const digest = await hashByteRanges(temp, prepared.byteRange, 'SHA-256');
const child = spawn('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-nosmimecap', '-md', 'sha256', '-signer', cert, '-inkey', key], { stdio: ['pipe', 'pipe', 'inherit'] });
const out = [];
child.stdout.on('data', (chunk) => out.push(chunk));
const closed = new Promise((resolve) => child.on('close', resolve));
const [a, b, c, d] = prepared.byteRange;
for (const [start, length] of [[a, b], [c, d]]) {
  for await (const chunk of fs.createReadStream(temp, { start, end: start + length - 1, highWaterMark: 1 << 20 })) {
    if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  }
}
child.stdin.end();
if ((await closed) !== 0) throw new Error('openssl failed');
await embedSignature(temp, prepared.contentsOffset, prepared.contentsLength, Buffer.concat(out));
// OpenSSL's messageDigest attribute must equal our streamed digest of the same ranges.
const digestInCms = Buffer.concat(out).includes(Buffer.concat([Buffer.from([0x04, 0x20]), digest]));
console.log(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, digestInCms }));
`;

describe.skipIf(missing)('PAdES PDF engine: memory stays bounded on a big PDF', () => {
  let dir: string;
  let signer: TestSigner;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pades-pdf-memory-'));
    signer = makeTestSigner(dir);
    await writeBigPdf(path.join(dir, 'big.pdf'), BIG);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`signs a ~${BIG / 2 ** 20} MB PDF (one huge content stream) with a peak RSS well under 250 MB`, async () => {
    const { build } = await import('rolldown');
    const cacheDir = path.join(ROOT, 'node_modules', '.cache');
    fs.mkdirSync(cacheDir, { recursive: true });
    const outDir = fs.mkdtempSync(path.join(cacheDir, 'pades-pdf-engine-'));
    try {
      await build({
        input: path.join(ROOT, 'main/core/formats/pades/pdf/index.ts'),
        platform: 'node',
        external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
        output: { dir: outDir, format: 'esm', entryFileNames: 'engine.mjs' },
        logLevel: 'silent',
      });
      const script = path.join(outDir, 'sign-big.mjs');
      fs.writeFileSync(script, SCRIPT('./engine.mjs'));
      const input = path.join(dir, 'big.pdf');
      const temp = path.join(dir, 'big-signed.pdf');
      expect(fs.statSync(input).size).toBeGreaterThan(BIG * 0.95);
      const run = spawnSync(process.execPath, [script, input, temp, signer.certPath, signer.keyPath], { encoding: 'utf8', timeout: 300_000 });
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { maxRssBytes: number; digestInCms: boolean };
      expect(result.digestInCms).toBe(true);
      console.log(`peak RSS signing a ${(fs.statSync(input).size / 2 ** 20).toFixed(0)} MiB PDF: ${(result.maxRssBytes / 2 ** 20).toFixed(1)} MiB`);
      expect(result.maxRssBytes).toBeLessThan(160 * 1024 * 1024);

      const report = runPdfsig(temp);
      expect(report.signatures[0]!.validation, report.stdout).toBe('Signature is Valid.');
      expect(report.signatures[0]!.totalDocumentSigned).toBe(true);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});
