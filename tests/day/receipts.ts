/**
 * Reads the printer simulator's paper (its stdout: `│ line`, `└──✂──` cuts, `[缺纸 paper out]`)
 * back into copies. A copy starts at its title line (业务受理回单 or 结账报表) and ends at a
 * cut; a title before the cut means the copy before it was cut off (app killed mid-print).
 * A copy is marked when 【重印】 or 【可能重复】 stands just above its title or inside it.
 */
export interface PaperCopy {
  kind: 'receipt' | 'z-report';
  /** Transaction references (journey ids) or the Z report number on it. */
  refs: string[];
  marked: boolean;
  /** Marked 【可能重复】: re-sent after an interruption whose outcome was unknown. */
  possibleDuplicate: boolean;
  complete: boolean;
  /** The paper ran out while this copy was printing. */
  paperOutInside: boolean;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const MARK = /【重印】|【可能重复】/;
const TITLE: Record<string, PaperCopy['kind']> = { 业务受理回单: 'receipt', 结账报表: 'z-report' };
/** Lines above a title that belong to it (top marks, a rule, the hall name). */
const LOOKBACK = 5;

export function readPaper(stdout: string): PaperCopy[] {
  const copies: PaperCopy[] = [];
  const printed: string[] = [];
  let cur: { copy: PaperCopy; from: number } | null = null;
  let lastCut = 0;
  const close = (complete: boolean, upTo: number) => {
    if (!cur) return;
    const body = printed.slice(cur.from, upTo);
    const text = body.join('\n');
    cur.copy.refs = cur.copy.kind === 'receipt' ? [...new Set(text.match(UUID) ?? [])] : [...new Set(text.match(/Z\d{6}/g) ?? [])];
    cur.copy.marked ||= body.some((l) => MARK.test(l));
    cur.copy.possibleDuplicate ||= body.some((l) => l.includes('【可能重复】'));
    cur.copy.complete = complete;
    copies.push(cur.copy);
    cur = null;
  };
  for (const raw of stdout.split('\n')) {
    if (raw.startsWith('└──✂──')) {
      close(true, printed.length);
      lastCut = printed.length;
      continue;
    }
    if (raw.startsWith('[缺纸 paper out]')) {
      if (cur) cur.copy.paperOutInside = true;
      continue;
    }
    if (!raw.startsWith('│ ')) continue;
    const line = raw.slice(2).trim();
    const kind = TITLE[line];
    if (kind) {
      // Lines above this title since the last cut (and after an open copy's own title) are this copy's.
      const start = Math.max(lastCut, cur ? cur.from + 1 : 0, printed.length - LOOKBACK);
      const above = printed.slice(start);
      // A copy still open here was cut off before its end.
      close(false, start);
      printed.push(line);
      const copy: PaperCopy = {
        kind,
        refs: [],
        marked: above.some((l) => MARK.test(l)),
        possibleDuplicate: above.some((l) => l.includes('【可能重复】')),
        complete: false,
        paperOutInside: false,
      };
      cur = { copy, from: printed.length - 1 };
      continue;
    }
    printed.push(line);
  }
  close(false, printed.length);
  return copies;
}
