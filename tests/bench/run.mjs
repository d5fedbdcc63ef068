#!/usr/bin/env node
// `npm run bench`: Signdesk's bulk signing against OpenSSL baselines, end to end on the command line.
//  - 10,000 files of 4 KiB signed by one `signdesk sign` with SoftHSM2 EC P-256 and RSA-2048 token keys, against a
//    shell loop of `openssl cms -sign` through the pkcs11 engine over a sample of the files (extrapolated per file);
//  - one 2 GiB file signed by `signdesk sign`, against `openssl dgst -sha256` on the same file; peak RSS of signdesk.
// Targets (issue 5): EC ≥ 20×, RSA ≥ 10× the baseline files/s; 2 GiB ≥ 70% of openssl's MB/s with peak RSS < 250 MB;
// the signing part within 240 s. Then (each piece also runs alone: `node tests/bench/<piece>.mjs`):
//  - verify.mjs (issue 15): 10,000 detached EC signatures verified, ≥ 20× an `openssl cms -verify` loop, RSS < 300 MB;
//  - formats.mjs (issue 17): 1,000 one-page PDFs signed PAdES with the EC token key, and one 500 MB PDF (RSS < 250 MB);
//  - agent.mjs (issue 18): 1,000 documents through the signing agent's HTTP API, ≥ 70% of `signdesk sign`;
//  - dstu.mjs (issue 16): 2,000 files signed and verified with a DSTU-257 file key next to an EC P-256 file key.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentBenchLine, benchAgent } from './agent.mjs';
import { benchDstu, dstuBenchLines } from './dstu.mjs';
import { benchFormats, formatsBenchLines } from './formats.mjs';
import { benchVerify, makeSignedPacket, VERIFY_RSS_LIMIT_MB, VERIFY_TARGET } from './verify.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'out/main/cli.js');
const MODULE = process.env.SOFTHSM2_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';
const SMALL_FILES = Number(process.env.BENCH_FILES ?? 10_000);
const BASELINE_SAMPLE = Number(process.env.BENCH_BASELINE_SAMPLE ?? 150);
const BIG_BYTES = Number(process.env.BENCH_BIG_BYTES ?? 2 * 1024 ** 3);
const PIN = '246810';
/** Extra `signdesk sign` arguments for experiments, e.g. BENCH_SIGN_ARGS='--jobs 4'. */
const EXTRA_ARGS = (process.env.BENCH_SIGN_ARGS ?? '').split(' ').filter(Boolean);
const TOKEN = 'bench';

const started = Date.now();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bench-'));
const env = { ...process.env, SOFTHSM2_CONF: path.join(work, 'softhsm2.conf'), BENCH_PIN: PIN };
const results = [];


function run(cmd, args, options = {}) {
  return execFileSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, ...options });
}

function seconds(fn) {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function setUpToken() {
  fs.mkdirSync(path.join(work, 'tokens'));
  fs.writeFileSync(env.SOFTHSM2_CONF, `directories.tokendir = ${path.join(work, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  run('softhsm2-util', ['--init-token', '--free', '--label', TOKEN, '--so-pin', '12345678', '--pin', PIN]);
  const engineDir = run('openssl', ['version', '-e']).toString().match(/"(.*)"/)[1];
  const opensslConf = path.join(work, 'openssl-pkcs11.cnf');
  fs.writeFileSync(
    opensslConf,
    [
      'openssl_conf = openssl_init',
      '[openssl_init]',
      'engines = engine_section',
      '[engine_section]',
      'pkcs11 = pkcs11_section',
      '[pkcs11_section]',
      'engine_id = pkcs11',
      `dynamic_path = ${engineDir}/pkcs11.so`,
      `MODULE_PATH = ${MODULE}`,
      'init = 0',
      '[req]',
      'distinguished_name = dn',
      '[dn]',
      '',
    ].join('\n'),
  );
  env.OPENSSL_CONF = opensslConf;
  const keys = {};
  for (const [name, type, id] of [
    ['ec', 'EC:prime256v1', '01'],
    ['rsa', 'rsa:2048', '02'],
  ]) {
    run('pkcs11-tool', ['--module', MODULE, '--token-label', TOKEN, '--login', '--pin', PIN, '--keypairgen', '--key-type', type, '--id', id, '--label', `${name}-key`]);
    const uri = `pkcs11:token=${TOKEN};object=${name}-key;type=private;pin-value=${PIN}`;
    const certPem = path.join(work, `${name}.pem`);
    run('openssl', ['req', '-new', '-x509', '-days', '30', '-subj', `/CN=Bench ${name.toUpperCase()}/O=Signdesk`, '-engine', 'pkcs11', '-keyform', 'engine', '-key', uri, '-sha256', '-out', certPem]);
    const certDer = path.join(work, `${name}.der`);
    run('openssl', ['x509', '-in', certPem, '-outform', 'DER', '-out', certDer]);
    run('pkcs11-tool', ['--module', MODULE, '--token-label', TOKEN, '--login', '--pin', PIN, '--write-object', certDer, '--type', 'cert', '--id', id, '--label', `${name}-key`]);
    keys[name] = { uri, certPem, keyRef: `pkcs11:token=${TOKEN};object=${name}-key?module-path=${MODULE}` };
  }
  return keys;
}

function makeSmallFiles() {
  const dir = path.join(work, 'small');
  fs.mkdirSync(dir);
  const block = crypto.randomBytes(4096 + SMALL_FILES);
  const list = [];
  for (let index = 0; index < SMALL_FILES; index++) {
    const file = path.join(dir, `doc-${String(index).padStart(5, '0')}.bin`);
    fs.writeFileSync(file, block.subarray(index, index + 4096));
    list.push(file);
  }
  fs.writeFileSync(path.join(work, 'small.list'), `${list.join('\n')}\n`);
  return list;
}

function baselineFilesPerSecond(key, files) {
  const outDir = fs.mkdtempSync(path.join(work, 'baseline-'));
  const sample = files.slice(0, BASELINE_SAMPLE);
  fs.writeFileSync(path.join(work, 'sample.list'), `${sample.join('\n')}\n`);
  const script = `while read -r f; do openssl cms -sign -binary -cades -md sha256 -engine pkcs11 -keyform engine -inkey "$KEY_URI" -signer "$CERT" -in "$f" -outform DER -out "$OUT/$(basename "$f").p7s" 2>/dev/null || exit 1; done < "$LIST"`;
  const { seconds: elapsed } = seconds(() =>
    run('sh', ['-c', script], { env: { ...env, KEY_URI: key.uri, CERT: key.certPem, OUT: outDir, LIST: path.join(work, 'sample.list') } }),
  );
  return sample.length / elapsed;
}

/** Runs the built CLI under /usr/bin/time -v: wall time and peak RSS (maximum resident set size). */
function signdesk(args) {
  const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  const timeFile = path.join(work, 'time.txt');
  const t0 = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, CLI, 'sign', '--data-dir', dataDir, '--pin-env', 'BENCH_PIN', '--json', ...EXTRA_ARGS, ...args], {
    env,
    maxBuffer: 1 << 30,
  });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  if (child.status !== 0) throw new Error(`signdesk sign exited ${child.status}: ${child.stderr.toString().slice(-2000)}`);
  const report = JSON.parse(child.stdout.toString());
  const rssKb = Number(fs.readFileSync(timeFile, 'utf8').match(/Maximum resident set size \(kbytes\): (\d+)/)[1]);
  return { elapsed, report, peakRssMb: rssKb / 1024 };
}

/**
 * Microseconds to create one empty file in a fresh folder under the work folder (median of 200). Every signature
 * is a new file, and on ext4 a create costs ~25 µs next to folders with free inodes but 0.5–0.7 ms (kernel CPU)
 * in a part of the disk crowded with files: printed so that a slow run can be told from a slow disk layout.
 */
function fileCreateMicros() {
  const dir = fs.mkdtempSync(path.join(work, 'create-probe-'));
  const times = [];
  for (let index = 0; index < 200; index++) {
    const t0 = process.hrtime.bigint();
    fs.closeSync(fs.openSync(path.join(dir, `f${index}`), 'w'));
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return times.sort((a, b) => a - b)[times.length >> 1];
}

function line(label, value) {
  console.log(`${label.padEnd(52)} ${value}`);
}

// Nothing is deleted until the end: a measurement is not charged for the clean-up of the one before.
try {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run bench' (it builds first)`);
  console.log(`load average before: ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} on ${os.availableParallelism()} CPUs`);
console.log(`Signdesk bench: ${SMALL_FILES} files of 4 KiB, one ${(BIG_BYTES / 1024 ** 3).toFixed(1)} GiB file, SoftHSM2 at ${MODULE}`);
  const keys = setUpToken();
  const files = makeSmallFiles();
  line('file system: creating one file in the work folder', `${fileCreateMicros().toFixed(0)} µs`);

  for (const [name, target] of [
    ['ec', 20],
    ['rsa', 10],
  ]) {
    const label = name === 'ec' ? 'EC P-256' : 'RSA-2048';
    // The machine may be shared: the baseline is measured before and after our run and the faster one is used.
    const baselineBefore = baselineFilesPerSecond(keys[name], files);
    const outDir = path.join(work, `out-${name}`);
    fs.mkdirSync(outDir);
    const ours = signdesk(['--key', keys[name].keyRef, '--out-dir', outDir, '--from', path.join(work, 'small.list')]);
    const baselineAfter = baselineFilesPerSecond(keys[name], files);
    const baseline = Math.max(baselineBefore, baselineAfter);
    if (ours.report.done !== SMALL_FILES) throw new Error(`${label}: ${ours.report.done}/${SMALL_FILES} signed`);
    const rate = SMALL_FILES / ours.elapsed;
    const ratio = rate / baseline;
    line(`${label}: openssl cms -sign loop (${BASELINE_SAMPLE} files)`, `${baseline.toFixed(1)} files/s (before ${baselineBefore.toFixed(1)}, after ${baselineAfter.toFixed(1)})`);
    line(`${label}: signdesk sign ${SMALL_FILES} files`, `${rate.toFixed(0)} files/s (${ours.elapsed.toFixed(2)} s, peak RSS ${ours.peakRssMb.toFixed(0)} MB)`);
    line(`${label}: ratio (target ≥ ${target}×)`, `${ratio.toFixed(1)}× ${ratio >= target ? 'PASS' : 'FAIL'}`);
    results.push({ name: `${label} files/s ratio`, pass: ratio >= target });
  }

  const big = path.join(work, 'big.bin');
  {
    const chunk = crypto.randomBytes(64 << 20);
    const fd = fs.openSync(big, 'w');
    for (let written = 0; written < BIG_BYTES; written += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, BIG_BYTES - written));
    fs.closeSync(fd);
  }
  // Both sides read the file from the page cache: warm it once so neither pays the first read.
  run('openssl', ['dgst', '-sha256', big]);
  const dgstBefore = seconds(() => run('openssl', ['dgst', '-sha256', big]));
  const ours = signdesk(['--key', keys.ec.keyRef, big]);
  const dgstAfter = seconds(() => run('openssl', ['dgst', '-sha256', big]));
  const dgst = dgstBefore.seconds <= dgstAfter.seconds ? dgstBefore : dgstAfter;
  const dgstMbps = BIG_BYTES / 1e6 / dgst.seconds;
  const ourMbps = BIG_BYTES / 1e6 / ours.elapsed;
  const ratio = ourMbps / dgstMbps;
  line('2 GiB: openssl dgst -sha256 (faster of before/after)', `${dgstMbps.toFixed(0)} MB/s (${dgst.seconds.toFixed(2)} s)`);
  line('2 GiB: signdesk sign (EC P-256, start-up included)', `${ourMbps.toFixed(0)} MB/s (${ours.elapsed.toFixed(2)} s)`);
  line('2 GiB: ratio (target ≥ 70%)', `${(ratio * 100).toFixed(0)}% ${ratio >= 0.7 ? 'PASS' : 'FAIL'}`);
  line('2 GiB: signdesk peak RSS (target < 250 MB)', `${ours.peakRssMb.toFixed(0)} MB ${ours.peakRssMb < 250 ? 'PASS' : 'FAIL'}`);
  results.push({ name: '2 GiB throughput', pass: ratio >= 0.7 }, { name: '2 GiB peak RSS', pass: ours.peakRssMb < 250 });
  const signingSeconds = (Date.now() - started) / 1000;
  line('signing part wall time (target < 240 s)', `${signingSeconds.toFixed(0)} s ${signingSeconds < 240 ? 'PASS' : 'FAIL'}`);
  results.push({ name: 'signing part wall time', pass: signingSeconds < 240 });

  console.log('');
  const packet = makeSignedPacket({ cli: CLI, work, files: SMALL_FILES });
  const verified = benchVerify({ cli: CLI, work, signatures: packet.signatures, caPem: packet.caPem });
  line(`verify ${verified.files} EC signatures: openssl cms -verify loop`, `${verified.opensslRate.toFixed(1)} files/s`);
  line(`verify ${verified.files} EC signatures: signdesk verify --from`, `${verified.rate.toFixed(0)} files/s (${verified.seconds.toFixed(2)} s, peak RSS ${verified.peakRssMb.toFixed(0)} MB)`);
  line(`verify: ratio (target ≥ ${VERIFY_TARGET}×, RSS < ${VERIFY_RSS_LIMIT_MB} MB)`, `${verified.ratio.toFixed(1)}× ${verified.pass ? 'PASS' : 'FAIL'}`);
  results.push({ name: 'verify ratio', pass: verified.pass });

  console.log('');
  const formats = await benchFormats({ cli: CLI, env, work, keyRef: keys.ec.keyRef, pinEnv: 'BENCH_PIN' });
  for (const text of formatsBenchLines(formats)) console.log(text);
  results.push({ name: 'PAdES big PDF RSS', pass: formats.pass });

  console.log('');
  const agent = await benchAgent({ cli: CLI, env, work, keyRef: keys.ec.keyRef, pinEnv: 'BENCH_PIN', files: files.slice(0, 1000) });
  console.log(`signing agent, 1,000 files: ${agentBenchLine(agent)}`);
  results.push({ name: 'agent ratio', pass: agent.pass });

  console.log('');
  for (const text of dstuBenchLines(await benchDstu({ cli: CLI, work, files: Number(process.env.BENCH_DSTU_FILES ?? 2000) }))) console.log(text);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
const elapsed = (Date.now() - started) / 1000;
line('load average after', os.loadavg().map((value) => value.toFixed(2)).join(' '));
line('bench wall time', `${elapsed.toFixed(0)} s`);
for (const result of results.filter((item) => !item.pass)) line('FAILED', result.name);
process.exitCode = results.every((result) => result.pass) ? 0 : 1;
