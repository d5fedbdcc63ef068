import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAsicManifest } from '../../main/core/formats/asice/container';
import type { AgentSigningRequest } from '../../preload/contract/domains/agent';
import { agentCall, multipart, type AgentResponse } from '../helpers/agent-client';
import { createAgentFixture, opensslVerify, type AgentFixture } from '../helpers/agent-fixture';
import { minimalPdf, qpdfCheck } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { startOpensslServices } from '../helpers/openssl-services';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';

const missing = missingTools(['softhsm2-util', 'openssl', 'pdfsig', 'pdftotext', 'qpdf', 'unzip', SOFTHSM_MODULE]);
const ORIGIN = 'https://buh.example.ua';
const ASIC_E = 'application/vnd.etsi.asic-e+zip';

interface ItemAnswer {
  seq: number;
  name: string;
  state: string;
  signature: string | null;
  output: { name: string; mediaType: string; link: string } | null;
}

interface VerifyAnswer {
  format: string;
  signers: Array<{ subject: string; checks: { signature: boolean; messageDigest: boolean } }>;
  pdf?: { signatures: number };
  container?: { documents: Array<{ name: string }>; uncoveredDocuments: string[] };
}

describe.skipIf(missing)('signing agent: PAdES and ASiC-E through the format registry (pdfsig, qpdf, unzip and OpenSSL check the outputs)', () => {
  let fx: AgentFixture;
  let port: number;
  const page = (headers: Record<string, string> = {}) => ({ origin: ORIGIN, ...headers });
  const incoming = () => fs.readdirSync(path.join(fx.dataDir, 'agent', 'incoming'));

  async function post(route: string, parts: Parameters<typeof multipart>[0], query: string, headers: Record<string, string> = {}): Promise<AgentResponse> {
    const form = await multipart(parts);
    return agentCall(port, { method: 'POST', path: `${route}?keyId=${fx.keys.a.id}${query}`, headers: page({ 'content-type': form.contentType, ...headers }), body: form.body });
  }

  /** The user approves the next signing request in the app with the token's PIN; returns what they were shown. */
  async function approveNext(): Promise<AgentSigningRequest> {
    const request = (await fx.nextPending((pending) => pending.kind === 'signing')) as AgentSigningRequest;
    await fx.call('agent:decide', { id: request.id, allow: true, secret: fx.hsm.pin });
    return request;
  }

  async function verifyThroughApi(name: string, bytes: Buffer): Promise<VerifyAnswer> {
    const form = await multipart([{ field: 'signature', name, content: bytes }, { field: 'revocation', value: 'skip' }]);
    const report = await agentCall(port, { method: 'POST', path: '/v1/verify', headers: page({ 'content-type': form.contentType }), body: form.body });
    expect(report.status, report.body.toString()).toBe(200);
    return report.json<VerifyAnswer>();
  }

  async function waitFinished(batchId: string): Promise<{ batch: { state: string; done: number; format: string; packet: string | null }; items: ItemAnswer[] }> {
    for (;;) {
      const answer = (await agentCall(port, { path: `/v1/batches/${batchId}`, headers: page() })).json<{ batch: { state: string; done: number; format: string; packet: string | null }; items: ItemAnswer[] }>();
      if (answer.batch.state !== 'running') return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A PDF signed by the agent, as independent tools see it: one valid whole-document signature, no structural damage. */
  function checkSignedPdf(original: Buffer, signed: Buffer, name: string): void {
    const file = path.join(fx.workDir, `checked-${process.hrtime.bigint()}-${name}`);
    fs.writeFileSync(file, signed);
    expect(signed.subarray(0, original.length).equals(original), 'an incremental update keeps the original bytes').toBe(true);
    const report = runPdfsig(file);
    expect(report.signatures, report.stdout + report.stderr).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({ valid: true, totalDocumentSigned: true, commonName: 'Agent Key A', signatureType: 'ETSI.CAdES.detached' });
    expect(qpdfCheck(file).status, qpdfCheck(file).output).toBe(0);
  }

  /** unzip, then `openssl cms -verify` over each manifest and every listed document's digest recomputed. */
  function checkContainer(container: Buffer, expected: Record<string, Buffer>): void {
    const file = path.join(fx.workDir, `container-${process.hrtime.bigint()}.asice`);
    fs.writeFileSync(file, container);
    const out = `${file}.d`;
    execFileSync('unzip', ['-q', file, '-d', out]);
    expect(fs.readFileSync(path.join(out, 'mimetype'), 'latin1')).toBe(ASIC_E);
    for (const [name, bytes] of Object.entries(expected)) expect(fs.readFileSync(path.join(out, name)).equals(bytes), name).toBe(true);
    const manifests = fs.readdirSync(path.join(out, 'META-INF')).filter((name) => /^ASiCManifest\d+\.xml$/.test(name));
    expect(manifests).toHaveLength(1);
    const manifestPath = path.join(out, 'META-INF', manifests[0]!);
    const manifest = parseAsicManifest(fs.readFileSync(manifestPath), { entryName: `META-INF/${manifests[0]}` });
    execFileSync('openssl', ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', path.join(out, manifest.signatureName), '-content', manifestPath, '-CAfile', fx.ca.cert, '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
    expect(manifest.documents.map((reference) => reference.name).sort()).toEqual(Object.keys(expected).sort());
    for (const reference of manifest.documents) {
      const digest = execFileSync('openssl', ['dgst', `-${reference.digestAlgorithm!.toLowerCase().replace('-', '')}`, '-binary', path.join(out, reference.name)]);
      expect(digest.equals(Buffer.from(reference.digest)), reference.name).toBe(true);
    }
  }

  function unzipEntry(container: Buffer, name: string): Buffer {
    const file = path.join(fx.workDir, `entry-${process.hrtime.bigint()}.asice`);
    fs.writeFileSync(file, container);
    return execFileSync('unzip', ['-p', file, name]);
  }

  beforeAll(async () => {
    fx = await createAgentFixture({ consentTimeoutMs: 20_000, outputRetentionMs: 60_000 });
    port = fx.server.port;
    fx.services.agent.origins.add(ORIGIN);
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('GET /v1/info lists the registry’s formats with what each accepts', async () => {
    const info = (await agentCall(port, { path: '/v1/info' })).json<{ formats: unknown[] }>();
    expect(info.formats).toEqual([
      { id: 'cades', packagings: ['detached', 'attached'], hashSigning: true, packets: false, visibleSignatures: false, extension: '.p7s' },
      { id: 'pades', packagings: [], hashSigning: false, packets: false, visibleSignatures: true, extension: '.pdf' },
      { id: 'asice', packagings: [], hashSigning: false, packets: true, visibleSignatures: false, extension: '.asice' },
    ]);
  });

  it('refuses, before anyone is asked, a hash for PAdES or ASiC-E and options a format does not take', async () => {
    const hash = { algorithm: 'SHA-256', value: 'ab'.repeat(32) };
    for (const format of ['pades', 'asice']) {
      const answer = await agentCall(port, { method: 'POST', path: `/v1/sign?keyId=${fx.keys.a.id}`, headers: page({ 'content-type': 'application/json' }), body: JSON.stringify({ format, hash }) });
      expect([answer.status, answer.code], format).toEqual([415, 'ERR_FORMAT_UNSUPPORTED']);
    }
    const mismatch = await agentCall(port, { method: 'POST', path: `/v1/sign?keyId=${fx.keys.a.id}&hash=SHA-512`, headers: page({ 'content-type': 'application/json' }), body: JSON.stringify({ hash }) });
    expect([mismatch.status, mismatch.code]).toEqual([400, 'ERR_INPUT_INVALID']);
    const document = [{ field: 'document', name: 'act.pdf', content: minimalPdf() }];
    for (const query of ['&format=pades&packaging=attached', '&format=asice&packaging=detached', '&format=cades&packet=all.asice', '&format=xades']) {
      const answer = await post('/v1/sign', document, query);
      expect([answer.status, answer.code], query).toEqual([415, 'ERR_FORMAT_UNSUPPORTED']);
    }
    const badHash = await post('/v1/sign', document, '&hash=MD5');
    expect([badHash.status, badHash.code]).toEqual([400, 'ERR_INPUT_INVALID']);
    expect(fx.services.agent.pending()).toEqual([]);
    expect(fx.services.queue.batches(100)).toEqual([]);
    await expect.poll(incoming).toEqual([]);
  });

  it('PAdES: POST /v1/sign answers with the signed PDF (base64 JSON, or the bytes for Accept: application/pdf) that pdfsig and qpdf accept', async () => {
    const original = minimalPdf('Akt 15');
    const json = post('/v1/sign', [{ field: 'document', name: 'акт 15.pdf', content: original }], '&format=pades');
    expect(await approveNext()).toMatchObject({ operation: 'document', format: 'pades', packaging: null, packet: null, documents: [{ name: 'акт 15.pdf', size: original.length }] });
    const answer = await json;
    expect(answer.status, answer.body.toString()).toBe(200);
    const body = answer.json<{ format: string; packaging: null; name: string; mediaType: string; batchId: string; file: string }>();
    expect(body).toMatchObject({ format: 'pades', packaging: null, name: 'акт 15-signed.pdf', mediaType: 'application/pdf' });
    const signed = Buffer.from(body.file, 'base64');
    checkSignedPdf(original, signed, 'json.pdf');

    const raw = post('/v1/sign', [{ field: 'document', name: 'рахунок.pdf', content: original }], '&format=PAdES', { accept: 'application/pdf' });
    await approveNext();
    const bytes = await raw;
    expect(bytes.status).toBe(200);
    expect(bytes.headers['content-type']).toBe('application/pdf');
    expect(bytes.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('рахунок-signed.pdf')}`);
    checkSignedPdf(original, bytes.body, 'raw.pdf');

    // The same verifier as `signdesk verify`, chosen by content.
    const report = await verifyThroughApi('anything.bin', bytes.body);
    expect(report).toMatchObject({ format: 'pades', pdf: { signatures: 1 }, signers: [{ subject: expect.stringContaining('Agent Key A'), checks: { signature: true, messageDigest: true } }] });

    // Through the batch engine, so in History; the upload and the signed copy are gone once answered.
    expect(fx.services.queue.batches(100).filter((batch) => batch.options.format === 'pades').map((batch) => batch.state)).toEqual(['done', 'done']);
    expect(fx.services.queue.listHistory({ text: 'рахунок' })).toHaveLength(1);
    await expect.poll(incoming).toEqual([]);
  });

  it('timestamp=true uses the time-stamp service set in Settings (refused before anyone is asked when none is); visible=… draws a PAdES signature and is refused for other formats', async () => {
    const hashed16 = Buffer.from('Акт 16: послуги за листопад\n');
    const hash = { algorithm: 'SHA-256', value: createHash('sha256').update(hashed16).digest('hex') };
    const document = [{ field: 'document', name: 'акт 16.pdf', content: minimalPdf('Akt 16') }];
    const unset = await agentCall(port, { method: 'POST', path: `/v1/sign?keyId=${fx.keys.a.id}`, headers: page({ 'content-type': 'application/json' }), body: JSON.stringify({ hash, timestamp: true }) });
    expect([unset.status, unset.code, unset.json<{ error: { details: unknown } }>().error.details]).toEqual([503, 'ERR_TSA', { context: 'notConfigured' }]);
    const unsetPdf = await post('/v1/sign', document, '&format=pades&timestamp=true');
    expect(unsetPdf.code).toBe('ERR_TSA');
    for (const query of ['&format=cades&visible=page=1', '&format=asice&visible=corner=top-left']) {
      const answer = await post('/v1/sign', document, query);
      expect([answer.status, answer.code], query).toEqual([415, 'ERR_FORMAT_UNSUPPORTED']);
    }
    const badSpot = await post('/v1/sign', document, '&format=pades&visible=corner=middle');
    expect([badSpot.status, badSpot.code]).toEqual([400, 'ERR_INPUT_INVALID']);
    expect(fx.services.agent.pending()).toEqual([]);

    const tsaKey = fx.ca.newKey('agent-tsa');
    const tsa = await startOpensslServices(fx.ca, { certPath: path.join(fx.ca.dir, 'agent-tsa.pem'), keyPath: tsaKey });
    fx.ca.issue('agent-tsa', tsaKey, { extensions: ['extendedKeyUsage = critical,timeStamping'], subject: '/CN=Agent Test TSA/O=Signdesk Tests' });
    try {
      await fx.services.settings.update({ tsaUrl: tsa.tsaUrl });
      // A hash: the signature carries OpenSSL's time-stamp token over its signature value.
      const hashed = agentCall(port, { method: 'POST', path: `/v1/sign?keyId=${fx.keys.a.id}`, headers: page({ 'content-type': 'application/json' }), body: JSON.stringify({ hash, timestamp: true }) });
      expect(await approveNext()).toMatchObject({ operation: 'hash', timestamp: tsa.tsaUrl, visible: null });
      const signature = Buffer.from((await hashed).json<{ signature: string }>().signature, 'base64');
      const p7s = path.join(fx.workDir, 'hash-timestamped.p7s');
      fs.writeFileSync(p7s, signature);
      const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', p7s]).toString();
      expect(printed).toContain('id-smime-aa-timeStampToken');
      // OpenSSL verifies the signature against the document whose hash was sent.
      opensslVerify(signature, hashed16, fx.ca.cert, fx.workDir);
      expect(tsa.counts.tsa).toBe(1);

      // A PDF: B-T with a visible signature where the caller asked for it.
      const original = minimalPdf('Akt 17');
      const visible = post('/v1/sign', [{ field: 'document', name: 'акт 17.pdf', content: original }], `&format=pades&timestamp=true&visible=${encodeURIComponent('page=1,corner=top-left,lang=en')}`);
      expect(await approveNext()).toMatchObject({ format: 'pades', timestamp: tsa.tsaUrl, visible: { page: 1, corner: 'top-left', language: 'en' } });
      const answer = await visible;
      expect(answer.status, answer.body.toString()).toBe(200);
      const signed = Buffer.from(answer.json<{ file: string }>().file, 'base64');
      checkSignedPdf(original, signed, 'visible.pdf');
      const file = path.join(fx.workDir, 'visible-checked.pdf');
      fs.writeFileSync(file, signed);
      const report = await verifyThroughApi('visible.pdf', signed);
      expect(report).toMatchObject({ format: 'pades', signers: [{ checks: { signature: true, messageDigest: true } }] });
      expect(JSON.stringify(report)).toMatch(/B-T|"level":"T"/);
      // Drawn on the page: the signer's name is text on page 1 (an invisible signature adds none).
      expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' })).toContain('Agent Key A');
      expect(tsa.counts.tsa).toBe(2);
    } finally {
      await fx.services.settings.update({ tsaUrl: null });
      await tsa.close();
    }
  });

  it('PAdES: a document that is not a PDF fails with its coded error, and nothing is kept', async () => {
    const answer = post('/v1/sign', [{ field: 'document', name: 'not-a.pdf', content: 'plain text, not a PDF' }], '&format=pades');
    await approveNext();
    const failed = await answer;
    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect(failed.code).toMatch(/^ERR_PDF_/);
    await expect.poll(incoming).toEqual([]);
  });

  it('ASiC-E: a batch in one packet container, fetched as a file; unzip and OpenSSL accept it; DELETE lets go of it', async () => {
    const documents = { 'звіт.xml': Buffer.from('<report period="2026-Q4"/>\n'), 'акт.pdf': minimalPdf('Akt'), 'лист.txt': Buffer.from('Лист-супровід\n') };
    const created = post(
      '/v1/batches',
      Object.entries(documents).map(([name, content]) => ({ field: 'documents', name, content })),
      `&format=asice&packet=${encodeURIComponent('пакет 4 квартал.asice')}`,
    );
    expect(await approveNext()).toMatchObject({ operation: 'batch', format: 'asice', packaging: null, packet: 'пакет 4 квартал.asice', count: 3 });
    const answer = await created;
    expect(answer.status, answer.body.toString()).toBe(201);
    const batchId = answer.json<{ batch: { id: string } }>().batch.id;
    const result = await waitFinished(batchId);
    expect(result.batch).toMatchObject({ state: 'done', done: 1, format: 'asice', packet: 'пакет 4 квартал.asice' });
    expect(result.items).toHaveLength(1);
    const item = result.items[0]!;
    expect(item.output).toEqual({ name: 'пакет 4 квартал.asice', mediaType: ASIC_E, link: `/v1/batches/${batchId}/items/0/output` });

    const output = await agentCall(port, { path: item.output!.link, headers: page() });
    expect(output.status).toBe(200);
    expect(output.headers['content-type']).toBe(ASIC_E);
    expect(output.headers['content-disposition']).toContain(encodeURIComponent('пакет 4 квартал.asice'));
    checkContainer(output.body, documents);
    // The item's CMS is the container's signature (over its manifest).
    expect(Buffer.from(item.signature!, 'base64').equals(unzipEntry(output.body, 'META-INF/signature001.p7s'))).toBe(true);

    const report = await verifyThroughApi('container.asice', output.body);
    expect(report).toMatchObject({ format: 'asice', container: { uncoveredDocuments: [] }, signers: [{ checks: { signature: true, messageDigest: true } }] });
    expect(report.container!.documents.map((document) => document.name).sort()).toEqual(Object.keys(documents).sort());

    // Kept for the caller until it lets go (or the retention time passes); then gone.
    expect(incoming()).toHaveLength(1);
    const released = await agentCall(port, { method: 'DELETE', path: `/v1/batches/${batchId}`, headers: page() });
    expect(released.json()).toMatchObject({ batch: { state: 'done' } });
    await expect.poll(incoming).toEqual([]);
    const gone = await agentCall(port, { path: item.output!.link, headers: page() });
    expect([gone.status, gone.code]).toEqual([404, 'ERR_NOT_FOUND']);
  });

  it('ASiC-E: one document, one container named after it, as JSON', async () => {
    const content = Buffer.from('<declaration n="7"/>\n');
    const json = post('/v1/sign', [{ field: 'document', name: 'декларація.xml', content }], '&format=asice');
    await approveNext();
    const body = (await json).json<{ name: string; mediaType: string; file: string }>();
    expect(body).toMatchObject({ name: 'декларація.xml.asice', mediaType: ASIC_E });
    checkContainer(Buffer.from(body.file, 'base64'), { 'декларація.xml': content });
    await expect.poll(incoming).toEqual([]);
  });

  it('CAdES with the CLI’s options: hash=SHA-384 and attached give an attached .p7s (application/pkcs7-mime) over SHA-384', async () => {
    const content = Buffer.from('Накладна 42\n');
    const raw = post('/v1/sign', [{ field: 'document', name: 'накладна.txt', content }], '&hash=SHA-384&packaging=attached', { accept: 'application/pkcs7-mime' });
    expect(await approveNext()).toMatchObject({ format: 'cades', packaging: 'attached' });
    const answer = await raw;
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/pkcs7-mime');
    expect(answer.headers['content-disposition']).toContain(encodeURIComponent('накладна.txt.p7s'));
    expect(opensslVerify(answer.body, null, fx.ca.cert, fx.workDir).equals(content)).toBe(true);
    const file = path.join(fx.workDir, 'sha384.p7s');
    fs.writeFileSync(file, answer.body);
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file], { encoding: 'utf8' });
    expect(printed).toMatch(/digestAlgorithm:\s*\n\s*algorithm: sha384/);
    const report = await verifyThroughApi('накладна.txt.p7s', answer.body);
    expect(report).toMatchObject({ format: 'cades', signers: [{ checks: { signature: true, messageDigest: true } }] });
  });
});
