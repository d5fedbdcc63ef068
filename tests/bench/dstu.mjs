#!/usr/bin/env node
// DSTU 4145: N files of 4 KiB signed by one `signdesk sign` with a DSTU-257 file key (GOST 34.311) and the N
// signatures verified by one `signdesk verify --from`, next to the same with an EC P-256 file key, and the raw cost
// of one DSTU signature and verification (where the time goes). No target (issue 16): the figures are reported.
//
// `benchDstu(options)` is the piece `npm run bench` calls; run alone: `node tests/bench/dstu.mjs` after `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function loadIssuer() {
  const { build } = await import('rolldown');
  // Inside the repository, so that the bundle's packages (asn1js) resolve to node_modules.
  const cacheDir = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const outDir = fs.mkdtempSync(path.join(cacheDir, 'signdesk-bench-dstu-'));
  await build({
    input: path.join(ROOT, 'tests/bench/dstu-issuer.ts'),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
    output: { dir: outDir, format: 'esm', entryFileNames: 'dstu-issuer.mjs' },
    logLevel: 'silent',
  });
  return import(path.join(outDir, 'dstu-issuer.mjs'));
}

function timed(cli, env, args) {
  const timeFile = path.join(os.tmpdir(), `signdesk-dstu-time-${process.pid}.txt`);
  const t0 = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, cli, ...args, '--json'], { env, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (child.status !== 0) throw new Error(`signdesk ${args[0]} exited ${child.status}: ${child.stderr.toString().slice(-2000)}`);
  const peakRssMb = Number(fs.readFileSync(timeFile, 'utf8').match(/Maximum resident set size \(kbytes\): (\d+)/)[1]) / 1024;
  fs.rmSync(timeFile, { force: true });
  return { seconds, peakRssMb, report: JSON.parse(child.stdout.toString()) };
}

/** Signs and verifies `files` documents with a DSTU-257 file key and with an EC P-256 file key. */
export async function benchDstu({ cli, work, files = 2000 }) {
  const issuer = await loadIssuer();
  const dataDir = fs.mkdtempSync(path.join(work, 'dstu-data-'));
  const env = { ...process.env, BENCH_DSTU_PASS: 'bench-dstu', BENCH_EC_PASS: 'bench-ec' };
  const cliRun = (args) => execFileSync(process.execPath, [cli, ...args, '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

  // The DSTU key, made by Signdesk and certified by a throw-away DSTU CA.
  const ca = issuer.dstuCa();
  const caFile = path.join(work, 'dstu-ca.cer');
  fs.writeFileSync(caFile, ca.certificate);
  const dstuKey = path.join(work, 'bench-dstu.p12');
  cliRun(['keygen', '--key', `file:${dstuKey}`, '--alg', 'dstu4145-257', '--pass-env', 'BENCH_DSTU_PASS']);
  const csr = path.join(work, 'bench-dstu.csr');
  cliRun(['csr', '--key', `file:${dstuKey}`, '--subject', 'CN=Bench DSTU,O=Signdesk', '--out', csr, '--pass-env', 'BENCH_DSTU_PASS']);
  const leaf = path.join(work, 'bench-dstu.cer');
  fs.writeFileSync(leaf, issuer.certifyRequest(ca, fs.readFileSync(csr, 'utf8'), 'Bench DSTU'));
  cliRun(['cert', 'import', '--key', `file:${dstuKey}`, leaf, '--pass-env', 'BENCH_DSTU_PASS']);

  // The EC key beside it: the same path through Signdesk, another algorithm.
  const ssl = (args) => execFileSync('openssl', args, { cwd: work, stdio: 'ignore' });
  ssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ec-ca.key', '-subj', '/CN=Bench EC CA', '-days', '2', '-out', 'ec-ca.pem', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  ssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ec.key', '-subj', '/CN=Bench EC', '-out', 'ec.csr']);
  fs.writeFileSync(path.join(work, 'ec.ext'), 'keyUsage=critical,digitalSignature,nonRepudiation\n');
  ssl(['x509', '-req', '-in', 'ec.csr', '-CA', 'ec-ca.pem', '-CAkey', 'ec-ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ec.ext', '-out', 'ec.pem']);
  ssl(['pkcs12', '-export', '-inkey', 'ec.key', '-in', 'ec.pem', '-passout', 'pass:bench-ec', '-out', 'bench-ec.p12']);

  const docs = path.join(work, 'dstu-docs');
  fs.mkdirSync(docs);
  const block = crypto.randomBytes(4096 + files);
  const inputs = Array.from({ length: files }, (_, index) => {
    const file = path.join(docs, `doc-${String(index).padStart(5, '0')}.bin`);
    fs.writeFileSync(file, block.subarray(index, index + 4096));
    return file;
  });
  const list = path.join(work, 'dstu-docs.list');
  fs.writeFileSync(list, `${inputs.join('\n')}\n`);

  const result = {};
  for (const [name, keyRef, passEnv, trust] of [
    ['dstu', `file:${dstuKey}`, 'BENCH_DSTU_PASS', caFile],
    ['ec', `file:${path.join(work, 'bench-ec.p12')}`, 'BENCH_EC_PASS', path.join(work, 'ec-ca.pem')],
  ]) {
    const outDir = fs.mkdtempSync(path.join(work, `${name}-out-`));
    const signed = timed(cli, env, ['sign', '--key', keyRef, '--pass-env', passEnv, '--out-dir', outDir, '--from', list, '--data-dir', fs.mkdtempSync(path.join(work, `${name}-sign-data-`))]);
    if (signed.report.done !== files) throw new Error(`${name}: ${signed.report.done}/${files} signed`);
    // Bulk verification pairs X.p7s with X beside it: the signatures go next to copies of their documents.
    for (const file of inputs) fs.copyFileSync(file, path.join(outDir, path.basename(file)));
    const signatures = path.join(work, `${name}-signatures.list`);
    fs.writeFileSync(signatures, `${inputs.map((file) => path.join(outDir, `${path.basename(file)}.p7s`)).join('\n')}\n`);
    const verified = timed(cli, env, ['verify', '--from', signatures, '--trust', trust, '--no-revocation', '--data-dir', fs.mkdtempSync(path.join(work, `${name}-verify-data-`))]);
    if (verified.report.summary.passed !== files) throw new Error(`${name}: ${verified.report.summary.passed}/${files} verified`);
    result[name] = { signRate: files / signed.seconds, signRssMb: signed.peakRssMb, verifyRate: files / verified.seconds, verifyRssMb: verified.peakRssMb };
  }
  return { files, ...result, raw: issuer.rawDstuCost(200) };
}

export function dstuBenchLines(result) {
  const { dstu, ec, raw, files } = result;
  return [
    `DSTU-257 file key: sign ${files} files ${dstu.signRate.toFixed(0)} files/s (peak RSS ${dstu.signRssMb.toFixed(0)} MB); EC P-256 file key ${ec.signRate.toFixed(0)} files/s: ${(dstu.signRate / ec.signRate * 100).toFixed(0)}%`,
    `DSTU-257: verify ${files} signatures ${dstu.verifyRate.toFixed(0)} files/s (peak RSS ${dstu.verifyRssMb.toFixed(0)} MB); EC P-256 ${ec.verifyRate.toFixed(0)} files/s: ${(dstu.verifyRate / ec.verifyRate * 100).toFixed(0)}%`,
    `DSTU-257 raw cost on one core: ${raw.signMicros.toFixed(0)} µs per signature, ${raw.verifyMicros.toFixed(0)} µs per verification (${(files * raw.signMicros / 1e6).toFixed(1)} s of the signing run is the signatures themselves)`,
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bench-dstu-'));
  try {
    const result = await benchDstu({ cli: path.join(ROOT, 'out/main/cli.js'), work, files: Number(process.env.BENCH_DSTU_FILES ?? 2000) });
    for (const line of dstuBenchLines(result)) console.log(line);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
