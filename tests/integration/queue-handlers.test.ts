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
    const interrupted = await call('queue:interrupted', sender, {});
    expect(interrupted).toMatchObject({ ok: true, value: [{ state: 'stopped', total: 1 }] });
    expect(fs.existsSync(`${file}.p7s`)).toBe(false);
  });

  it('lists, exports and searches history (empty at first)', async () => {
    expect(await call('history:list', sender, { text: 'act' })).toEqual({ ok: true, value: [] });
    expect(await call('history:exportCsv', sender, {})).toEqual({ ok: true, value: { csv: 'id,signed_at,document,sha256,size,signature_file,attached,signer,identifiers,key,batch\r\n' } });
    expect(await call('history:get', sender, { id: 1 })).toMatchObject({ ok: false, error: { code: 'ERR_NOT_FOUND' } });
    expect(await call('history:list', sender, { limit: 0 })).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_INVALID' } });
  });
});
