// Chinese text quotes with 「」 (the hall's house style, issue 14): never “” and never ASCII
// quotes. Checked over every source folder the clerk's words come from, and every value of the
// Chinese locale.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FOLDERS = ['base', 'electron', 'native', 'hall', 'renderer/src'];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

function strings(v: unknown, at: string): [string, string][] {
  if (typeof v === 'string') return [[at, v]];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => strings(x, at ? `${at}.${k}` : k));
  return [];
}

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

describe('Chinese quotes', () => {
  it('no source line quotes with “” (use 「」)', () => {
    const found: string[] = [];
    for (const file of FOLDERS.flatMap((f) => sources(path.join(ROOT, f)))) {
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/[“”]/.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('no Chinese locale text uses ASCII or curly quotes', () => {
    const all = strings(zhCN, '');
    expect(all.length).toBeGreaterThan(100);
    const bad = all.filter(([, s]) => CJK.test(s) && /["“”]/.test(s));
    expect(bad).toEqual([]);
  });
});
