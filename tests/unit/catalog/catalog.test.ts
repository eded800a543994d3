import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { refusal } from '../../helpers/refusal';
import { BilingualError } from '../../../base/contract/errors';
import { CatalogLoader, defaultCatalogPath } from '../../../electron/core/catalog/loader';
import { parseCatalog, type CatalogProblem } from '../../../base/node/catalogYaml';

const goodText = fs.readFileSync(defaultCatalogPath(), 'utf8');

function problemsOf(text: string): { err: BilingualError; problems: CatalogProblem[] } {
  const err = refusal(() => parseCatalog(text, 'test.yaml'));
  return { err, problems: err.detail?.problems as CatalogProblem[] };
}

/** 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  expect(i).toBeGreaterThanOrEqual(0);
  return text.slice(0, i).split('\n').length;
}

const minimal = `version: 1
businesses:
  - code: top_up
    name_zh: 缴费充值
    name_en: Top-up
    id:
      required: false
    fee:
      kind: entered
      min_fen: 100
      max_fen: 500000
    takes_payment: true
    recommend:
      - { code: e_bill, name_zh: 电子账单, name_en: E-bill }
`;

describe('business catalog: the shipped default', () => {
  it('is valid and holds the hall’s businesses', () => {
    const cat = parseCatalog(goodText);
    expect(cat.businesses.map((b) => b.code)).toEqual([
      'new_line', 'plan_change', 'vas_toggle', 'top_up', 'sim_replacement', 'owner_transfer', 'account_closure', 'invoice_print',
    ]);
    const byCode = new Map(cat.businesses.map((b) => [b.code, b]));
    expect(byCode.get('new_line')).toMatchObject({ fee: { kind: 'entered', default_fen: 5800 }, takes_payment: true, items: { sim_card: 1 } });
    expect(byCode.get('new_line')?.copies[0]?.purpose_zh).toContain('同意');
    expect(byCode.get('new_line')?.recommend.map((p) => p.name_zh)).toEqual(expect.arrayContaining(['宽带融合套餐', '10GB流量包']));
    expect(byCode.get('top_up')?.id.required).toBe(false);
    expect(byCode.get('sim_replacement')?.fee).toEqual({ kind: 'fixed', fen: 1000 });
    expect(byCode.get('owner_transfer')?.copies).toHaveLength(2);
    expect(byCode.get('account_closure')?.balance_refund).toBe(true);
    expect(byCode.get('invoice_print')).toMatchObject({ takes_payment: false, id: { service_password: true }, items: { invoice_paper: 1 } });
  });
});

describe('business catalog: a bad file is refused with the line and reason', () => {
  it('a YAML syntax error names its line', () => {
    const text = minimal.replace('    name_en: Top-up\n', '    name_en: Top-up\n   bad: [unclosed\n');
    const { err, problems } = problemsOf(text);
    expect(err.code).toBe('CATALOG_INVALID');
    expect(problems[0]?.line).toBe(6);
    expect(err.message_zh).toContain('第 6 行');
    expect(err.message_en).toContain('line 6');
  });

  it('a wrong value names its path and line, in both languages', () => {
    const text = goodText.replace('fee: { kind: fixed, fen: 1000 }', 'fee: { kind: flat, fen: 1000 }');
    const { err, problems } = problemsOf(text);
    expect(problems[0]).toMatchObject({ path: 'businesses[4].fee.kind', line: lineOf(text, 'kind: flat') });
    expect(problems[0]?.reason_zh).toContain('none、fixed、entered');
    expect(err.message_zh).toContain('businesses[4].fee.kind');
    expect(err.message_en).toContain('must be one of');
  });

  it('a missing entry points at its parent, a misspelt key at itself', () => {
    const text = minimal.replace('    takes_payment: true\n', '    takes_paymnt: true\n');
    const { problems } = problemsOf(text);
    const missing = problems.find((p) => p.path === 'businesses[0].takes_payment');
    const unknown = problems.find((p) => p.path === 'businesses[0].takes_paymnt');
    expect(missing).toMatchObject({ line: 3, reason_zh: '缺少必填项' });
    expect(unknown).toMatchObject({ line: 12 });
    expect(unknown?.reason_zh).toContain('takes_paymnt');
  });

  it('money in yuan instead of fen is refused', () => {
    const { problems } = problemsOf(minimal.replace('min_fen: 100', 'min_fen: 1.5'));
    expect(problems[0]).toMatchObject({ path: 'businesses[0].fee.min_fen', line: 10 });
    expect(problems[0]?.reason_zh).toContain('整数');
  });

  it('rules across fields: duplicate codes, min above max, payment without a fee, copies without ID, bad regex', () => {
    const dup = goodText.replace('  - code: plan_change', '  - code: new_line');
    expect(problemsOf(dup).problems[0]).toMatchObject({ path: 'businesses[1].code', line: lineOf(goodText, '  - code: plan_change') });
    expect(problemsOf(minimal.replace('min_fen: 100', 'min_fen: 900000')).problems[0]?.reason_en).toContain('min_fen is greater');
    const noFee = minimal.replace(/fee:\n\s+kind: entered\n\s+min_fen: 100\n\s+max_fen: 500000\n/, 'fee: { kind: none }\n');
    expect(problemsOf(noFee).problems[0]).toMatchObject({ path: 'businesses[0].takes_payment', line: lineOf(noFee, 'takes_payment') });
    const badRe = goodText.replace("pattern: '^1[3-9]\\d{9}$'", "pattern: '^1[3-9'");
    expect(problemsOf(badRe).problems[0]?.reason_zh).toBe('正则表达式无效');
    const copies = minimal.replace('    takes_payment: true\n', '    takes_payment: true\n    copies:\n      - { document: id, name_zh: 复印件, name_en: Copy, purpose_zh: 存档, purpose_en: Filing }\n');
    expect(problemsOf(copies).problems[0]?.path).toBe('businesses[0].copies');
  });

  it('a business with nothing to recommend is refused (业务推荐少不了)', () => {
    const { problems } = problemsOf(minimal.replace(/ {4}recommend:\n.*\n/, '    recommend: []\n'));
    expect(problems[0]).toMatchObject({ path: 'businesses[0].recommend', line: 13 });
  });
});

describe('business catalog loader: the last good catalog stays in use', () => {
  it('keeps the previous good catalog when a reload fails', () => {
    const dir = tempDir('catalog-');
    const file = path.join(dir, 'catalog.yaml');
    fs.writeFileSync(file, goodText);
    const loader = new CatalogLoader();
    expect(() => loader.current()).toThrow(BilingualError);
    const first = loader.loadFile(file);
    expect(first.ok).toBe(true);

    fs.writeFileSync(file, goodText.replace('version: 1', 'version: 2'));
    const bad = loader.loadFile(file);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('CATALOG_INVALID');
    expect(bad.error.message_zh).toContain('上一版有效目录');
    expect(bad.inUse?.businesses).toHaveLength(8);
    expect(loader.current().businesses).toHaveLength(8);

    fs.rmSync(file);
    const gone = loader.loadFile(file);
    expect(!gone.ok && gone.error.code).toBe('CATALOG_UNREADABLE');
    expect(loader.current().businesses).toHaveLength(8);

    const next = loader.loadText(minimal);
    expect(next.ok).toBe(true);
    expect(loader.current().businesses.map((b) => b.code)).toEqual(['top_up']);
  });

  it('reports no catalog in use when the first load already fails', () => {
    const loader = new CatalogLoader();
    const r = loader.loadText('version: 1\nbusinesses: []\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.inUse).toBe(null);
  });
});
