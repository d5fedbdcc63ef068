#!/usr/bin/env node
// Bulk verification: N detached EC P-256 CAdES signatures over 4 KiB documents verified by one `signdesk verify --from`
// against a shell loop of `openssl cms -verify -binary` over a sample of the same files (extrapolated per file).
// Target (issue 15): ≥ 20× OpenSSL's files/s, peak RSS < 300 MB. Revocation is not checked by either side.
//
// `benchVerify(options)` is the piece `npm run bench` calls; run alone (`node tests/bench/verify.mjs`, after
// `npm run build`) it makes its own CA, file key and documents, signed by `signdesk sign`.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VERIFY_TARGET = 20;
export const VERIFY_RSS_LIMIT_MB = 300;

function run(cmd, args, options = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...options });
}

/**
 * Makes `files` documents of 4 KiB in `work` and their detached signatures with an EC P-256 file key under a fresh
 * OpenSSL CA. Returns the documents, the signatures (`X.p7s` beside `X`) and the CA certificate (PEM path).
 */
export function makeSignedPacket({ cli, work, files }) {
  const pki = path.join(work, 'verify-pki');
  fs.mkdirSync(pki, { recursive: true });
  const ssl = (args) => run('openssl', args, { cwd: pki });
  ssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
  ssl(['req', '-new', '-x509', '-key', 'ca.key', '-subj', '/CN=Bench Verify CA/O=Signdesk', '-days', '30', '-out', 'ca.pem', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  ssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key']);
  ssl(['req', '-new', '-key', 'leaf.key', '-subj', '/CN=Bench Signer/O=Signdesk', '-out', 'leaf.csr']);
  fs.writeFileSync(path.join(pki, 'leaf.ext'), 'keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\n');
  ssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'leaf.ext', '-out', 'leaf.pem']);
  ssl(['pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'ca.pem', '-passout', 'pass:bench-verify', '-out', 'leaf.p12']);
  const docs = path.join(work, 'verify-docs');
  fs.mkdirSync(docs, { recursive: true });
  const documents = [];
  for (let index = 0; index < files; index++) {
    const file = path.join(docs, `doc-${String(index).padStart(5, '0')}.bin`);
    fs.writeFileSync(file, crypto.randomBytes(4096));
    documents.push(file);
  }
  const list = path.join(work, 'verify-docs.list');
  fs.writeFileSync(list, `${documents.join('\n')}\n`);
  const dataDir = fs.mkdtempSync(path.join(work, 'verify-sign-data-'));
  const env = { ...process.env, BENCH_VERIFY_PASS: 'bench-verify' };
  run(process.execPath, [cli, 'sign', '--key', `file:${path.join(pki, 'leaf.p12')}`, '--pass-env', 'BENCH_VERIFY_PASS', '--from', list, '--data-dir', dataDir, '--json'], { env });
  return { documents, signatures: documents.map((file) => `${file}.p7s`), caPem: path.join(pki, 'ca.pem') };
}

/**
 * `signdesk verify --from LIST` over every signature (under /usr/bin/time -v: wall time, peak RSS) against a shell
 * loop of `openssl cms -verify -binary` over `sample` of them.
 */
export function benchVerify({ cli, work, signatures, caPem, sample = 150 }) {
  const picked = signatures.filter((_, index) => index % Math.max(1, Math.floor(signatures.length / sample)) === 0).slice(0, sample);
  const sampleList = path.join(work, 'verify-sample.list');
  fs.writeFileSync(sampleList, `${picked.join('\n')}\n`);
  const script = 'while read -r s; do openssl cms -verify -binary -inform DER -in "$s" -content "${s%.p7s}" -CAfile "$CA" -purpose any -out /dev/null 2>/dev/null || exit 1; done < "$LIST"';
  const t0 = process.hrtime.bigint();
  run('sh', ['-c', script], { env: { ...process.env, CA: caPem, LIST: sampleList } });
  const opensslRate = picked.length / (Number(process.hrtime.bigint() - t0) / 1e9);

  const list = path.join(work, 'verify-all.list');
  fs.writeFileSync(list, `${signatures.join('\n')}\n`);
  const dataDir = fs.mkdtempSync(path.join(work, 'verify-data-'));
  const timeFile = path.join(work, 'verify-time.txt');
  const t1 = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, cli, 'verify', '--from', list, '--trust', caPem, '--no-revocation', '--data-dir', dataDir, '--json'], { maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
  if (child.status !== 0) throw new Error(`signdesk verify exited ${child.status}: ${child.stderr.toString().slice(-2000)}`);
  const report = JSON.parse(child.stdout.toString());
  if (report.summary.passed !== signatures.length) throw new Error(`signdesk verify: ${report.summary.passed}/${signatures.length} valid`);
  const peakRssMb = Number(fs.readFileSync(timeFile, 'utf8').match(/Maximum resident set size \(kbytes\): (\d+)/)[1]) / 1024;
  const rate = signatures.length / seconds;
  const ratio = rate / opensslRate;
  return { files: signatures.length, seconds, rate, opensslRate, ratio, peakRssMb, pass: ratio >= VERIFY_TARGET && peakRssMb < VERIFY_RSS_LIMIT_MB };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const files = Number(process.env.BENCH_FILES ?? 10_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bench-verify-'));
  try {
    const cli = path.join(ROOT, 'out/main/cli.js');
    const packet = makeSignedPacket({ cli, work, files });
    const result = benchVerify({ cli, work, signatures: packet.signatures, caPem: packet.caPem });
    console.log(`verify: ${result.files} files in ${result.seconds.toFixed(2)} s = ${result.rate.toFixed(0)} files/s; openssl cms -verify loop ${result.opensslRate.toFixed(1)} files/s; ratio ${result.ratio.toFixed(1)}× (target ≥ ${VERIFY_TARGET}×); peak RSS ${result.peakRssMb.toFixed(0)} MB (target < ${VERIFY_RSS_LIMIT_MB}) ${result.pass ? 'PASS' : 'FAIL'}`);
    process.exitCode = result.pass ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
