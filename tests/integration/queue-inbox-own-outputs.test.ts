import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softwareKey } from '../helpers/software-key';
import { EventBus } from '../../main/core/events/event-bus';
import { QueueService } from '../../main/core/queue';
import { openDatabase, type Db } from '../../main/core/storage/database';
import { SettingsStore } from '../../main/core/storage/settings-store';
import { formatById } from '../../main/core/formats';
import { readPdfSignatures } from '../../main/core/formats/pades/pdf';
import { minimalPdf } from '../helpers/pdf-fixtures';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

async function until(condition: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The inbox watcher never re-queues what Signdesk wrote, whatever its name: a PDF signed in place keeps its name, so
 * the rule is "the output of a history entry (or a batch) with the same size". A real PAdES batch writes the files.
 */
describe.skipIf(missing)('the inbox ignores our outputs, including PDFs signed in place', () => {
  let pki: TestPki;
  let dir: string;
  let inbox: string;
  let db: Db;
  let queue: QueueService;
  let key: ReturnType<typeof softwareKey>;

  beforeAll(async () => {
    pki = createTestPki();
    dir = path.join(pki.dir, 'inbox-test');
    inbox = path.join(dir, 'inbox');
    fs.mkdirSync(inbox, { recursive: true });
    db = openDatabase(path.join(dir, 'signdesk.db'));
    const settings = new SettingsStore(() => new Conf({ cwd: dir, configName: 'settings', projectName: 'signdesk' }));
    await settings.update({ watchedFolders: [inbox] });
    key = softwareKey('file:inbox-test', pki.uaLeaf.keyPem, pki.uaLeaf.certDer, [pki.intermediate.certDer]);
    queue = new QueueService({ db, events: new EventBus(), settings, openKey: async () => ({ key, close: () => undefined }), watcher: { stableForMs: 300, pollIntervalMs: 50 } });
  });

  afterAll(async () => {
    await queue?.close();
    db?.close();
    pki?.cleanup();
  });

  it('a signed-in-place PDF, its later co-signature and our containers stay out of the queue; new and changed files join it', async () => {
    const signedInPlace = path.join(inbox, 'act.pdf');
    fs.writeFileSync(signedInPlace, minimalPdf('Act 7'));
    const batch = await queue.sign({ keyRef: 'file:inbox-test', paths: [signedInPlace], options: { format: 'pades', inPlace: true } }, undefined);
    expect(batch).toMatchObject({ done: 1, failed: 0 });
    expect(await readPdfSignatures(signedInPlace)).toHaveLength(1);
    const container = path.join(dir, 'letter.txt');
    fs.writeFileSync(container, 'a letter');
    expect(await queue.sign({ keyRef: 'file:inbox-test', paths: [container], options: { format: 'asice', outDir: inbox } }, undefined)).toMatchObject({ done: 1 });
    // A second signer in place (as History's co-sign does): the entry follows the new size.
    const cosigned = await formatById('pades').cosign(signedInPlace, key);
    expect(queue.recordCosignature(signedInPlace, cosigned.signature, { subject: 'CN=Second', identifiers: {}, keyRef: 'file:inbox-test', signedAt: new Date().toISOString() }, cosigned.outputSize)).not.toBeNull();
    expect(await readPdfSignatures(signedInPlace)).toHaveLength(2);
    const history = queue.listHistory();
    expect(history.find((entry) => entry.outputPath === signedInPlace)).toMatchObject({ format: 'pades', outputSize: fs.statSync(signedInPlace).size });

    await queue.watchInboxes();
    const fresh = path.join(inbox, 'new-invoice.pdf');
    fs.writeFileSync(fresh, minimalPdf('New'));
    await until(() => queue.listDocuments().some((document) => document.path === fresh), 'the new file');
    // The watcher reported every file by now (the new one came after): ours are not in the queue.
    expect(queue.listDocuments().map((document) => path.basename(document.path))).toEqual(['new-invoice.pdf']);
    expect(queue.isOwnOutput(signedInPlace, fs.statSync(signedInPlace).size)).toBe(true);
    expect(queue.isOwnOutput(signedInPlace, fs.statSync(signedInPlace).size + 1)).toBe(false);

    // Someone else changes the signed PDF (another size): it is a document to sign again.
    fs.appendFileSync(signedInPlace, '\n% appended by another program\n');
    await until(() => queue.listDocuments().some((document) => document.path === signedInPlace), 'the changed PDF');
  });

  it('a signature extended in place (History’s “extend”) stays ours and history keeps its new bytes', async () => {
    const document = path.join(dir, 'extended.txt');
    fs.writeFileSync(document, 'to be extended');
    expect(await queue.sign({ keyRef: 'file:inbox-test', paths: [document], options: { format: 'cades' } }, undefined)).toMatchObject({ done: 1 });
    const signature = `${document}.p7s`;
    const entry = queue.listHistory().find((item) => item.outputPath === signature)!;
    // What extend does to the file: the same signature with more unsigned data, so a new size and new bytes.
    const extended = Buffer.concat([fs.readFileSync(signature), Buffer.alloc(700, 1)]);
    fs.writeFileSync(signature, extended);
    expect(queue.isOwnOutput(signature, extended.length)).toBe(false);
    expect(await queue.recordExtension(signature)).toBe(entry.id);
    expect(queue.isOwnOutput(signature, extended.length)).toBe(true);
    const exported = path.join(dir, 'exported.p7s');
    await queue.exportSignature(entry.id, exported);
    expect(fs.readFileSync(exported).equals(extended)).toBe(true);
    expect(await queue.recordExtension(path.join(dir, 'inbox', 'act.pdf'))).not.toBeNull();
  });
});
