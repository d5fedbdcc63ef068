import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsentQueue, type NewConsentRequest } from '../../main/core/agent/consent-queue';
import { SigndeskError } from '../../preload/contract/errors';
import { codeOf } from '../helpers/outcome';

const signing: NewConsentRequest = {
  kind: 'signing',
  caller: { kind: 'origin', origin: 'https://buh.example' },
  operation: 'batch',
  key: { id: 'k', name: 'Key', owner: null, storage: 'token', storageLabel: 'T' },
  secretKind: 'pin',
  format: 'cades',
  packaging: 'detached',
  visible: null,
  timestamp: null,
  count: 1,
  totalBytes: 3,
  documents: [{ name: 'a.txt', size: 3 }],
  hash: null,
};

describe('the consent queue', () => {
  afterEach(() => vi.useRealTimers());

  it('gives each caller one slot', async () => {
    const queue = new ConsentQueue({ timeoutMs: 1000 });
    const release = queue.reserve('origin:a');
    expect(await codeOf(() => queue.reserve('origin:a'))).toBe('ERR_CONSENT_PENDING');
    queue.reserve('origin:b');
    release();
    expect(() => queue.reserve('origin:a')).not.toThrow();
  });

  it('runs the approval only on Allow, with the typed secret; Deny rejects the caller', async () => {
    const queue = new ConsentQueue({ timeoutMs: 10_000 });
    const approve = vi.fn(async (decision: { secret: string | undefined }) => `signed with ${decision.secret}`);
    const denied = queue.ask(signing, approve);
    await queue.decide(queue.list()[0]!.id, false, { secret: '1234', forSession: false });
    expect(await codeOf(denied)).toBe('ERR_CONSENT_DENIED');
    expect(approve).not.toHaveBeenCalled();

    const allowed = queue.ask(signing, approve);
    await queue.decide(queue.list()[0]!.id, true, { secret: '1234', forSession: false });
    await expect(allowed).resolves.toBe('signed with 1234');
    expect(queue.list()).toEqual([]);
  });

  it('keeps the request after a wrong PIN and ends it after any other failure', async () => {
    const queue = new ConsentQueue({ timeoutMs: 10_000 });
    let attempt = 0;
    const answer = queue.ask(signing, async () => {
      attempt += 1;
      if (attempt === 1) throw new SigndeskError('ERR_PIN_INCORRECT', 'wrong');
      return 'ok';
    });
    const id = queue.list()[0]!.id;
    expect(await codeOf(queue.decide(id, true, { secret: '0', forSession: false }))).toBe('ERR_PIN_INCORRECT');
    expect(queue.list().map((request) => request.id)).toEqual([id]);
    await queue.decide(id, true, { secret: '1', forSession: false });
    await expect(answer).resolves.toBe('ok');

    const failing = queue.ask(signing, async () => {
      throw new SigndeskError('ERR_PIN_LOCKED', 'locked');
    });
    expect(await codeOf(queue.decide(queue.list()[0]!.id, true, { secret: '1', forSession: false }))).toBe('ERR_PIN_LOCKED');
    expect(await codeOf(failing)).toBe('ERR_PIN_LOCKED');
    expect(queue.list()).toEqual([]);
  });

  it('times out unanswered requests, and withdraws those whose caller went away', async () => {
    vi.useFakeTimers();
    const queue = new ConsentQueue({ timeoutMs: 5000 });
    const unanswered = queue.ask(signing, async () => 'never');
    vi.advanceTimersByTime(5001);
    expect(await codeOf(unanswered)).toBe('ERR_CONSENT_TIMEOUT');
    const controller = new AbortController();
    const gone = queue.ask(signing, async () => 'never', { signal: controller.signal });
    controller.abort();
    expect(await codeOf(gone)).toBe('ERR_CANCELLED');
    expect(queue.list()).toEqual([]);
  });

  it('lets an approval under way finish past the timeout', async () => {
    vi.useFakeTimers();
    const queue = new ConsentQueue({ timeoutMs: 1000 });
    let finish!: () => void;
    const answer = queue.ask(signing, () => new Promise<string>((resolve) => (finish = () => resolve('late but done'))));
    const deciding = queue.decide(queue.list()[0]!.id, true, { secret: '1', forSession: false });
    expect(queue.list()[0]).toMatchObject({ approving: true });
    vi.advanceTimersByTime(2000);
    finish();
    await deciding;
    await expect(answer).resolves.toBe('late but done');
  });
});
