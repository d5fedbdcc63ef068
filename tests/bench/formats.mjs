#!/usr/bin/env node
// PAdES at scale: 1,000 one-page PDFs signed PAdES-B-B with a SoftHSM2 EC token key by one `signdesk sign --format
// pades` (files/s), and one 500 MB PDF (peak RSS; target < 250 MB: the byte ranges are hashed by streaming, never
// loaded whole).
//
// `benchFormats(options)` is the piece `npm run bench` calls with its token key; run alone (`node
// tests/bench/formats.mjs`, after `npm run build`) it makes its own token, key and PDFs.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PADES_BIG_RSS_TARGET_MB = 250;

/** A one-page PDF with a classic xref table, written by hand (as tests/helpers/pdf-fixtures.ts `minimalPdf`). */
export function minimalPdf(text) {
  const contents = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${contents.length} >>\nstream\n${contents}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A valid one-page PDF of about `bytes` whose page content is one huge stream, written in 1 MiB pieces. */
export function writeBigPdf(file, bytes) {
  const line = `0.5 g 10 10 m 20 20 l S % ${'x'.repeat(1000)}\n`;
  const lines = Math.max(1, Math.floor(bytes / line.length));
  const fd = fs.openSync(file, 'w');
  let position = 0;
  const write = (chunk) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    fs.writeSync(fd, buffer);
    position += buffer.length;
  };
  const offsets = [];
  write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  for (const body of ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>']) {
    offsets.push(position);
    write(`${offsets.length} 0 obj\n${body}\nendobj\n`);
  }
  offsets.push(position);
  write(`4 0 obj\n<< /Length ${lines * line.length} >>\nstream\n`);
  const perChunk = Math.max(1, Math.floor((1 << 20) / line.length));
  const block = Buffer.from(line.repeat(perChunk), 'latin1');
  for (let left = lines; left > 0; left -= perChunk) write(left >= perChunk ? block : block.subarray(0, left * line.length));
  write('\nendstream\nendobj\n');
  const xref = position;
  write(`xref\n0 5\n0000000000 65535 f\r\n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n\r\n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  fs.closeSync(fd);
}

/** `signdesk sign …` under /usr/bin/time -v: wall seconds, the JSON report, peak RSS in MB. */
function timedSign(cli, env, work, args) {
  const timeFile = path.join(work, `time-${process.hrtime.bigint()}.txt`);
  const t0 = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, cli, 'sign', '--json', ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (child.status !== 0) throw new Error(`signdesk sign exited ${child.status}: ${child.stderr}`);
  const rssKb = Number(fs.readFileSync(timeFile, 'utf8').match(/Maximum resident set size \(kbytes\): (\d+)/)[1]);
  return { seconds, report: JSON.parse(child.stdout), peakRssMb: rssKb / 1024 };
}

/**
 * @param {{ cli: string, env: NodeJS.ProcessEnv, work: string, keyRef: string, pinEnv: string, files?: number, bigBytes?: number }} options
 *   `keyRef`: a certified EC `pkcs11:` key (module-path included), `env[pinEnv]` its PIN, `env` with SOFTHSM2_CONF.
 */
export async function benchFormats({ cli, env, work, keyRef, pinEnv, files = 1000, bigBytes = 500 * 1024 * 1024 }) {
  const folder = fs.mkdtempSync(path.join(work, 'pades-small-'));
  const inputs = Array.from({ length: files }, (_, index) => {
    const file = path.join(folder, `invoice-${String(index).padStart(5, '0')}.pdf`);
    fs.writeFileSync(file, minimalPdf(`Invoice ${index}`));
    return file;
  });
  const list = path.join(work, 'pades-small.list');
  fs.writeFileSync(list, `${inputs.join('\n')}\n`);
  const small = timedSign(cli, env, work, ['--format', 'pades', '--key', keyRef, '--pin-env', pinEnv, '--from', list, '--data-dir', fs.mkdtempSync(path.join(work, 'pades-data-'))]);
  if (small.report.done !== files) throw new Error(`PAdES small files: ${small.report.done}/${files} signed`);
  fs.rmSync(folder, { recursive: true, force: true });

  const bigFolder = fs.mkdtempSync(path.join(work, 'pades-big-'));
  const big = path.join(bigFolder, 'big.pdf');
  writeBigPdf(big, bigBytes);
  const bigSize = fs.statSync(big).size;
  const large = timedSign(cli, env, work, ['--format', 'pades', '--key', keyRef, '--pin-env', pinEnv, '--data-dir', fs.mkdtempSync(path.join(work, 'pades-data-')), big]);
  if (large.report.done !== 1) throw new Error('PAdES big PDF: not signed');
  fs.rmSync(bigFolder, { recursive: true, force: true });
  return {
    files,
    smallSeconds: small.seconds,
    filesPerSecond: files / small.seconds,
    smallPeakRssMb: small.peakRssMb,
    bigMb: bigSize / 1e6,
    bigSeconds: large.seconds,
    bigPeakRssMb: large.peakRssMb,
    pass: large.peakRssMb < PADES_BIG_RSS_TARGET_MB,
  };
}

/** Lines for the bench's report. */
export function formatsBenchLines(result) {
  return [
    `PAdES-B-B, ${result.files} one-page PDFs, EC token key: ${result.filesPerSecond.toFixed(0)} files/s (${result.smallSeconds.toFixed(2)} s, peak RSS ${result.smallPeakRssMb.toFixed(0)} MB)`,
    `PAdES-B-B, one ${result.bigMb.toFixed(0)} MB PDF: ${result.bigSeconds.toFixed(2)} s, peak RSS ${result.bigPeakRssMb.toFixed(0)} MB (target < ${PADES_BIG_RSS_TARGET_MB} MB) ${result.pass ? 'PASS' : 'FAIL'}`,
  ];
}

/** Alone: a SoftHSM2 token with an EC key certified by a throw-away CA, then the bench. */
async function standalone() {
  const module = process.env.SOFTHSM2_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';
  const cli = path.join(ROOT, 'out/main/cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bench-formats-'));
  try {
    fs.mkdirSync(path.join(work, 'tokens'));
    const env = { ...process.env, SOFTHSM2_CONF: path.join(work, 'softhsm2.conf'), BENCH_PIN: '246810' };
    fs.writeFileSync(env.SOFTHSM2_CONF, `directories.tokendir = ${path.join(work, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'bench', '--so-pin', '12345678', '--pin', env.BENCH_PIN], { env, stdio: 'ignore' });
    const keyRef = `pkcs11:token=bench;object=pades-key?module-path=${module}`;
    const setupData = path.join(work, 'setup-data');
    const run = (...args) => execFileSync(process.execPath, [cli, ...args, '--data-dir', setupData], { env, stdio: 'pipe' }).toString();
    run('keygen', '--key', keyRef, '--alg', 'ec-p256', '--pin-env', 'BENCH_PIN');
    run('csr', '--key', keyRef, '--subject', 'CN=Bench PAdES,O=Signdesk', '--out', path.join(work, 'key.csr'), '--pin-env', 'BENCH_PIN');
    execFileSync('openssl', ['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(work, 'ca.key'), '-subj', '/CN=Bench CA', '-days', '2', '-out', path.join(work, 'ca.pem')], { stdio: 'ignore' });
    fs.writeFileSync(path.join(work, 'leaf.ext'), 'keyUsage = critical,digitalSignature,nonRepudiation\n');
    execFileSync('openssl', ['x509', '-req', '-in', path.join(work, 'key.csr'), '-CA', path.join(work, 'ca.pem'), '-CAkey', path.join(work, 'ca.key'), '-CAcreateserial', '-days', '2', '-extfile', path.join(work, 'leaf.ext'), '-out', path.join(work, 'key.pem')], { stdio: 'ignore' });
    run('cert', 'import', '--key', keyRef, path.join(work, 'key.pem'), '--pin-env', 'BENCH_PIN');
    const result = await benchFormats({
      cli,
      env,
      work,
      keyRef,
      pinEnv: 'BENCH_PIN',
      files: Number(process.env.BENCH_PADES_FILES ?? 1000),
      bigBytes: Number(process.env.BENCH_PADES_BIG_MB ?? 500) * 1024 * 1024,
    });
    for (const line of formatsBenchLines(result)) console.log(line);
    process.exitCode = result.pass ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await standalone();
