import { describe, expect, it } from 'vitest';
import { parseOrigin } from '../../main/core/agent/origin';
import { checkHost } from '../../main/core/agent/host-check';
import { documentName } from '../../main/core/agent/http/document-name';
import { RateLimiter } from '../../main/core/agent/rate-limiter';
import { agentPortFromEnv, DEFAULT_AGENT_PORT } from '../../main/core/agent';
import { codeOf } from '../helpers/outcome';

describe('agent request guards', () => {
  it('accepts http(s) origins in canonical form and refuses null, other schemes, paths and user info', async () => {
    expect(parseOrigin('https://buh.example.ua')).toBe('https://buh.example.ua');
    expect(parseOrigin('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(parseOrigin('HTTPS://Buh.Example.UA')).toBe('https://buh.example.ua');
    for (const bad of ['null', 'file://', 'chrome-extension://abcdef', 'https://u:p@buh.example', 'https://buh.example/path', 'http://127.0.0.1:80', 'buh.example', '']) {
      expect(await codeOf(() => parseOrigin(bad)), bad).toBe('ERR_ORIGIN_REFUSED');
    }
  });

  it('takes only the loopback names of its own port as Host (DNS rebinding)', async () => {
    expect(() => checkHost('127.0.0.1:47350', 47350)).not.toThrow();
    expect(() => checkHost('LOCALHOST:47350', 47350)).not.toThrow();
    for (const host of [undefined, '', '127.0.0.1', 'localhost', '127.0.0.1:47351', 'evil.example:47350', '127.0.0.1.nip.io:47350', '[::1]:47350']) {
      expect(await codeOf(() => checkHost(host, 47350)), String(host)).toBe('ERR_HOST_REFUSED');
    }
  });

  it('makes caller file names safe to create and keeps them recognisable', () => {
    expect(documentName('акт звірки №7.pdf')).toBe('акт звірки №7.pdf');
    expect(documentName('../../etc/passwd')).toBe('passwd');
    expect(documentName('C:\\Users\\x\\рахунок.xml')).toBe('рахунок.xml');
    expect(documentName('.hidden')).toBe('hidden');
    expect(documentName('a<b>:c"d|e?f*g\u0001.txt')).toBe('a_b__c_d_e_f_g_.txt');
    expect(documentName('..')).toBe('document');
    expect(documentName(undefined)).toBe('document');
    const long = documentName('ї'.repeat(300));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(180);
    expect(long).toBe('ї'.repeat(90));
  });

  it('rate-limits per caller with a burst and a refill, and says when to retry', async () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, () => now);
    for (let index = 0; index < 3; index++) limiter.take('origin:a');
    expect(await codeOf(() => limiter.take('origin:a'))).toBe('ERR_RATE_LIMITED');
    limiter.take('origin:b');
    now += 500;
    limiter.take('origin:a');
    expect(await codeOf(() => limiter.take('origin:a'))).toBe('ERR_RATE_LIMITED');
    try {
      limiter.take('origin:a');
    } catch (error) {
      expect((error as { details: { retryAfter: number } }).details.retryAfter).toBe(1);
    }
  });

  it('reads its port from SIGNDESK_AGENT_PORT, turns off with SIGNDESK_AGENT=off', async () => {
    expect(agentPortFromEnv({})).toBe(DEFAULT_AGENT_PORT);
    expect(agentPortFromEnv({ SIGNDESK_AGENT_PORT: '0' })).toBe(0);
    expect(agentPortFromEnv({ SIGNDESK_AGENT_PORT: '50111' })).toBe(50111);
    expect(agentPortFromEnv({ SIGNDESK_AGENT: 'off' })).toBeNull();
    expect(await codeOf(() => agentPortFromEnv({ SIGNDESK_AGENT_PORT: 'http' }))).toBe('ERR_USAGE');
  });
});
