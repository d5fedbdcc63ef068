import { describe, expect, it } from 'vitest';
import { historyCsv } from '../../main/core/queue/history-csv';
import { BatchProgressMeter } from '../../main/core/queue/batch-progress';
import type { HistoryEntry } from '../../preload/contract/domains/history';

const entry = (signers: HistoryEntry['signers']): HistoryEntry => ({
  id: 7,
  format: 'cades',
  documentPath: '/docs/акт, 1.pdf',
  documentSha256: 'ab'.repeat(32),
  documentSize: 1234,
  outputPath: '/docs/акт, 1.pdf.p7s',
  attached: false,
  batchId: 'b-1',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  signers,
});

describe('history CSV', () => {
  it('writes one line per signer, quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const csv = historyCsv([
      entry([
        { subject: 'CN=Олена "Ко" Коваль, O=ТОВ', identifiers: { EDRPOU: '41234567', RNOKPP: '1234567890' }, keyRef: 'pkcs11:token=A', signedAt: '2026-11-22T10:00:00.000Z' },
        { subject: '=HYPERLINK("http://x")', identifiers: {}, keyRef: '@file:/k.p12', signedAt: '2026-11-22T11:00:00.000Z' },
      ]),
    ]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[1]).toBe(
      `7,2026-11-22T10:00:00.000Z,"/docs/акт, 1.pdf",${'ab'.repeat(32)},1234,"/docs/акт, 1.pdf.p7s",false,"CN=Олена ""Ко"" Коваль, O=ТОВ",EDRPOU: 41234567; RNOKPP: 1234567890,pkcs11:token=A,b-1`,
    );
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")",,'@file:/k.p12,b-1`);
  });

  it('has only the header when there is no history', () => {
    expect(historyCsv([])).toBe('id,signed_at,document,sha256,size,signature_file,attached,signer,identifiers,key,batch\r\n');
  });
});

describe('batch progress meter', () => {
  it('counts outcomes and gives an ETA of 0 when everything is settled', () => {
    const meter = new BatchProgressMeter('b-1', 3, 300, { done: 1, failed: 0, skipped: 0 });
    meter.record('done', 100);
    meter.record('failed', 0);
    expect(meter.snapshot('running')).toMatchObject({ done: 2, failed: 1, skipped: 0, total: 3, bytesDone: 100, etaSeconds: 0 });
  });

  it('has no ETA before there is a rate', () => {
    const meter = new BatchProgressMeter('b-1', 10, 0, { done: 0, failed: 0, skipped: 0 });
    expect(meter.snapshot('running').etaSeconds).toBeNull();
  });
});
