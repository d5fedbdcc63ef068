import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/core/services';
import { createHandlers } from '../../main/core/api/handlers';
import { createGuard, type GuardedCall } from '../../main/core/api/guard';
import { MemorySecretStore } from '../../main/core/secrets';

/** The queue and history channels through the one guard, on real services over a temp data folder. */
describe('queue and history channels', () => {
  let dir: string;
  let services: Services;
  let call: GuardedCall;
  const sender = { url: 'app://signdesk/index.html', isMainFrame: true };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-queue-ipc-'));
    services = createServices({ dataDir: path.join(dir, 'data'), runtime: 'cli', secrets: new MemorySecretStore() });
    call = createGuard(createHandlers(services), () => true);
  });

  afterEach(async () => {
    await services.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists and removes documents to sign', async () => {
    const file = path.join(dir, 'invoice.pdf');
    fs.writeFileSync(file, 'invoice');
    const added = await call('queue:add', sender, { paths: [file] });
    expect(added).toMatchObject({ ok: true, value: [{ path: file, size: 7, source: 'path', sha256: null }] });
    const listed = await call('queue:list', sender, {});
    expect(listed.ok && (listed.value as unknown[]).length).toBe(1);
    const id = (added as { value: Array<{ id: number }> }).value[0]!.id;
    expect(await call('queue:remove', sender, { ids: [id] })).toEqual({ ok: true, value: { removed: 1 } });
    expect(await call('queue:add', sender, { paths: [path.join(dir, 'missing.pdf')] })).toMatchObject({ ok: false, error: { code: 'ERR_FILE_NOT_FOUND' } });
  });

  it('rejects unknown fields and never echoes the secret of a failed sign request', async () => {
    const extra = await call('queue:sign', sender, { documentIds: [1], keyRef: 'file:/nope.p12', secret: 'hunter2', shell: 'rm -rf /' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_INVALID' } });
    expect(JSON.stringify(extra)).not.toContain('hunter2');
    const file = path.join(dir, 'act.pdf');
    fs.writeFileSync(file, 'act');
    const [document] = services.queue.addDocuments([file]);
    const failed = await call('queue:sign', sender, { documentIds: [document!.id], keyRef: `file:${path.join(dir, 'no-such-key.p12')}`, secret: 'hunter2' });
    expect(failed.ok).toBe(false);
    expect(JSON.stringify(failed)).not.toContain('hunter2');
    // The key never opened: nothing was signed, and the app starts a new batch on the next try, so no
    // "interrupted batch" is left behind to offer.
    expect(await call('queue:interrupted', sender, {})).toEqual({ ok: true, value: [] });
    expect(fs.existsSync(`${file}.p7s`)).toBe(false);
  });

  it('passes the format and its options on to the batch, and refuses a packet name with a folder', async () => {
    const file = path.join(dir, 'invoice.pdf');
    fs.writeFileSync(file, '%PDF-1.7');
    const [document] = services.queue.addDocuments([file]);
    const visible = { page: 2, corner: 'top-left' as const, language: 'ru' as const };
    const started = await call('queue:sign', sender, { documentIds: [document!.id], keyRef: `file:${path.join(dir, 'absent.p12')}`, format: 'pades', inPlace: true, visible });
    expect(started.ok).toBe(false);
    // Its key never opened: the batch is closed as cancelled, with the options it was made with.
    const batch = services.queue.batches(1)[0]!;
    expect(batch.state).toBe('cancelled');
    expect(batch.options).toMatchObject({ format: 'pades', inPlace: true, overwrite: true, visible });
    expect(batch.options.packet ?? null).toBeNull();
    const traversal = await call('queue:sign', sender, { documentIds: [document!.id], keyRef: 'file:/x.p12', format: 'asice', packet: '../up.asice' });
    expect(traversal).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_INVALID' } });
  });

  it('lists, exports and searches history (empty at first)', async () => {
    expect(await call('history:list', sender, { text: 'act' })).toEqual({ ok: true, value: [] });
    expect(await call('history:exportCsv', sender, {})).toEqual({ ok: true, value: { csv: 'id,signed_at,document,sha256,size,signature_file,attached,signer,identifiers,key,batch\r\n' } });
    expect(await call('history:get', sender, { id: 1 })).toMatchObject({ ok: false, error: { code: 'ERR_NOT_FOUND' } });
    expect(await call('history:list', sender, { limit: 0 })).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_INVALID' } });
  });
});
