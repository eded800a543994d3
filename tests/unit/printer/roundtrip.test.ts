// Encoder → bytes → simulator (own tokenizer, ICU gb18030) → the same lines the preview shows.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceiptDoc } from '../../../native/printer/doc';
import { encodeReceipt } from '../../../native/printer/encoder';
import { modelForWidth, PRINTER_MODELS } from '../../../native/printer/model';
import { previewReceipt } from '../../../native/printer/preview';
import { customerReceipt } from '../../../native/printer/templates/customer-receipt';
import { settlementReport } from '../../../native/printer/templates/settlement-report';
import { customerData, settlementData } from './fixtures';
import { simOnMemoryLink, type Bench } from './sim-harness';

let bench: Bench | null = null;
afterEach(async () => {
  await bench?.close();
  bench = null;
});

async function printOnSim(doc: ReceiptDoc, width: 58 | 80) {
  bench = await simOnMemoryLink({ columns: width === 58 ? 32 : 48 });
  await bench.link.host.open();
  await bench.link.host.write(encodeReceipt(doc, { model: modelForWidth(width) }));
  const [receipt] = await bench.sim.whenCut(1, 5000);
  return receipt!;
}

const textLines = (doc: ReceiptDoc, width: 58 | 80): string[] =>
  previewReceipt(doc, modelForWidth(width))
    .filter((l) => l.kind === 'text')
    .map((l) => l.text);

describe.each([58, 80] as const)('round trip at %i mm', (width) => {
  it('customer receipt (业务受理回单)', async () => {
    const doc = customerReceipt(customerData);
    const r = await printOnSim(doc, width);
    expect(r.lines).toEqual(textLines(doc, width));
    expect(r.qr).toEqual(['BJXD20240501-000123']);
    expect(r.cut).toBe('partial');
    expect(r.lines.join('\n')).toContain('**************4024');
    expect(r.lines.join('\n')).not.toContain('110101199003074024');
    expect(r.lines.some((l) => /找零\s+￥3\.50$/.test(l))).toBe(true);
    // The hall name is printed bold and double size.
    expect(r.styles[0]).toEqual({ align: 'center', bold: true, double: true });
  });

  it('settlement report (结账报表)', async () => {
    const doc = settlementReport(settlementData);
    const r = await printOnSim(doc, width);
    expect(r.lines).toEqual(textLines(doc, width));
    expect(r.cut).toBe(width === 58 ? 'partial' : 'full'); // the 58 mm model only partial-cuts
    const all = r.lines.join('\n');
    expect(all).toMatch(/应有现金\s+￥1,736\.50/);
    expect(all).toMatch(/100元 × 15\s+￥1,500\.00/);
    expect(all).toContain('封签号');
    for (const l of r.lines) expect(widthOf(l)).toBeLessThanOrEqual(width === 58 ? 32 : 48);
  });
});

function widthOf(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return w;
}

describe('round trip, any printable text', () => {
  // Common hanzi, full-width punctuation, ASCII: any mix must come back as laid out.
  const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
  const punct = fc.constantFrom('，', '。', '：', '（', '）', '￥', '¥', '—', '·', '×');
  const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
  const text = fc.array(fc.oneof(hanzi, punct, ascii), { minLength: 0, maxLength: 70 }).map((a) => a.join(''));
  const block = fc.oneof(
    fc.record({ kind: fc.constant('text' as const), text, align: fc.constantFrom('left', 'center', 'right' as const), bold: fc.boolean(), double: fc.boolean() }),
    fc.record({ kind: fc.constant('row' as const), left: text, right: text.map((t) => t.slice(0, 12)), bold: fc.boolean() }),
    fc.constant({ kind: 'rule' as const }),
  );

  it('encoder and simulator agree line by line', async () => {
    bench = await simOnMemoryLink({ columns: 32 });
    await bench.link.host.open();
    const b = bench;
    let n = 0;
    // GBK font (gbk charset) everywhere but in the user-defined areas; hanzi here are all in GBK.
    const model = { ...PRINTER_MODELS['generic-58']!, charset: 'gbk' as const };
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 6 }), async (blocks) => {
        const doc: ReceiptDoc = { blocks: [...blocks, { kind: 'cut', mode: 'partial' }] };
        await b.link.host.write(encodeReceipt(doc, { model }));
        const cut = await b.sim.whenCut(++n, 5000);
        expect(cut[n - 1]!.lines).toEqual(textLines(doc, 58).map((l) => l));
      }),
      { numRuns: 60 },
    );
  });
});
