/**
 * Turns the catalog YAML into a checked `Catalog`, or a BilingualError that names the line.
 *
 * Hall staff edit this file by hand, so "invalid input" is not enough: every problem says
 * where (line, column, path) and why, in Chinese and English.
 */
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { BI_SEP, catalogSchema, type Catalog } from '../contract/catalog';
import { BilingualError } from '../contract/errors';

export interface CatalogProblem {
  line: number;
  column: number;
  /** Dotted path inside the file, e.g. `businesses[2].fee.min_fen`. */
  path: string;
  reason_zh: string;
  reason_en: string;
}

type PathKey = string | number;

export function parseCatalog(text: string, source = 'catalog.yaml'): Catalog {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0] ?? lineCounter.linePos(yamlError.pos[0]);
    // The library appends " at line N, column M:" and a code frame; we state the line ourselves.
    const reason = (yamlError.message.split('\n')[0] ?? yamlError.code).replace(/ at line \d+, column \d+:?$/, '');
    throw refuse(source, [
      {
        line: pos.line,
        column: pos.col,
        path: '',
        reason_zh: `YAML 语法错误（${yamlError.code}）：${reason}`,
        reason_en: `YAML syntax error (${yamlError.code}): ${reason}`,
      },
    ]);
  }
  const result = catalogSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(doc, lineCounter, issue));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  throw refuse(source, problems);
}

function refuse(source: string, problems: CatalogProblem[]): BilingualError {
  const first = problems[0]!;
  const more = problems.length > 1 ? problems.length - 1 : 0;
  const where = first.path ? `（${first.path}）` : '';
  const whereEn = first.path ? ` (${first.path})` : '';
  return new BilingualError(
    'CATALOG_INVALID',
    `业务目录 ${source} 第 ${first.line} 行${where}有误：${first.reason_zh}${more ? `；另有 ${more} 处问题` : ''} — 请改正后重新加载，当前继续使用上一版有效目录`,
    `Business catalog ${source}, line ${first.line}${whereEn}: ${first.reason_en}${more ? `; ${more} more problem(s)` : ''} — fix it and reload; the last good catalog stays in use`,
    { source, problems },
  );
}

function describeIssue(doc: Document, lc: LineCounter, issue: z.core.$ZodIssue): CatalogProblem {
  const path = issue.path.filter((k): k is PathKey => typeof k === 'string' || typeof k === 'number');
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const missing = !doc.hasIn(path);
  const { zh, en } = reasonOf(issue, missing);
  const pos = lc.linePos(offsetOf(doc, path));
  return { line: pos.line, column: pos.col, path: formatPath(path), reason_zh: zh, reason_en: en };
}

/** Start offset of the deepest node that exists on the path (a missing key points at its parent). */
function offsetOf(doc: Document, path: PathKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function formatPath(path: PathKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

const TYPE_ZH: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  object: '键: 值 的映射',
  array: '列表',
};

function reasonOf(issue: z.core.$ZodIssue, missing: boolean): { zh: string; en: string } {
  if (issue.message.includes(BI_SEP)) {
    const [zh = '', en = ''] = issue.message.split(BI_SEP);
    return { zh, en };
  }
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return { zh: '缺少必填项', en: 'this entry is required' };
      return {
        zh: `应为${TYPE_ZH[issue.expected] ?? issue.expected}`,
        en: `expected ${issue.expected}`,
      };
    case 'invalid_value':
      return {
        zh: `只能是：${issue.values.map(String).join('、')}`,
        en: `must be one of: ${issue.values.map(String).join(', ')}`,
      };
    case 'invalid_union': {
      if (missing) return { zh: '缺少必填项', en: 'this entry is required' };
      // A bad discriminator ("kind: flat") lists the allowed kinds.
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options.map(String) : [];
      if (options.length > 0) return { zh: `只能是：${options.join('、')}`, en: `must be one of: ${options.join(', ')}` };
      return { zh: '取值不在允许的种类中', en: 'not one of the allowed kinds' };
    }
    case 'unrecognized_keys':
      return { zh: `未知字段：${issue.keys.join('、')}（拼写错误？）`, en: `unknown key(s): ${issue.keys.join(', ')} (misspelt?)` };
    case 'too_small':
      return issue.origin === 'array'
        ? { zh: `至少需要 ${String(issue.minimum)} 项`, en: `needs at least ${String(issue.minimum)} item(s)` }
        : { zh: `不能小于 ${String(issue.minimum)}`, en: `must be at least ${String(issue.minimum)}` };
    case 'too_big':
      return { zh: `不能大于 ${String(issue.maximum)}`, en: `must be at most ${String(issue.maximum)}` };
    case 'invalid_format':
      return { zh: '格式不对', en: 'wrong format' };
    default:
      return { zh: `内容不符合要求：${issue.message}`, en: issue.message };
  }
}
