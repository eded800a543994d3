/**
 * 班前准备 (shift start): before the first customer of a till session the clerk checks the
 * devices and the counter's items. It runs once per till session — a clerk signing in again to
 * the same open till is not asked again — and each item's result stays on screen. A check with
 * warnings lets the counter open; a failed one must be fixed and run again. After the day's
 * settlement it says so (今日已结账) instead of asking for items to be counted. The journey
 * service asks `isReady` before greeting anyone.
 */
import type { Clock } from '../../../base/clock';
import type { AccountableItem } from '../../../base/contract/items';
import type { ShiftCheckItem, ShiftCheckResult } from '../../../base/contract/journey';
import type { PhotoDecoderInfo } from '../../../base/contract/devices';
import type { Db } from '../storage/db';
import type { ShiftGate } from './ports';

/** The counter's till as the check sees it. */
export type TillForShift =
  | { state: 'open'; sessionId: number; items: Record<AccountableItem, number> }
  | { state: 'settled'; zNo: number | null }
  | { state: 'none' };

export interface ShiftStartInput {
  sessionId: string;
  counterId: string;
  clerkId: string;
  /** From the reader's SAM status command; null when no reader answered. */
  reader: { connected: boolean; samOk: boolean } | null;
  /** The ID-photo decoder from the administrator's install file (never from the settings). */
  photoDecoder: Pick<PhotoDecoderInfo, 'configured' | 'path' | 'installFile' | 'error'>;
  /** From the printer's real-time status; null when no printer answered. */
  printer: { online: boolean; paperOut: boolean; paperLow: boolean } | null;
  till: TillForShift;
}

export function evaluateShiftStart(input: ShiftStartInput): ShiftCheckItem[] {
  const items: ShiftCheckItem[] = [];
  const r = input.reader;
  if (!r || !r.connected) {
    items.push({ item: 'reader', level: 'fail', text_zh: '读卡器未连接 — 请检查USB线后重试', text_en: 'The ID reader is not connected — check the USB cable and retry' });
  } else if (!r.samOk) {
    items.push({ item: 'reader', level: 'fail', text_zh: '读卡器安全模块(SAM)异常 — 请重启读卡器，仍不行请报修', text_en: 'The reader security module (SAM) is not OK — restart the reader; report it if it stays' });
  } else {
    items.push({ item: 'reader', level: 'ok', text_zh: '读卡器就绪', text_en: 'ID reader ready' });
  }

  items.push(photoDecoderLine(input.photoDecoder));

  const p = input.printer;
  if (!p || !p.online) {
    items.push({ item: 'printer', level: 'fail', text_zh: '打印机未连接或离线 — 请检查电源和连线后重试', text_en: 'The printer is offline — check its power and cable, then retry' });
  } else if (p.paperOut) {
    items.push({ item: 'printer', level: 'fail', text_zh: '打印机缺纸 — 请装入新纸卷后重试', text_en: 'The printer is out of paper — load a new roll and retry' });
  } else if (p.paperLow) {
    items.push({ item: 'printer', level: 'warn', text_zh: '打印纸将尽 — 请备好新纸卷', text_en: 'Paper is running low — keep a new roll at hand' });
  } else {
    items.push({ item: 'printer', level: 'ok', text_zh: '打印机就绪', text_en: 'Printer ready' });
  }

  const till = input.till;
  if (till.state === 'settled') {
    items.push({
      item: 'counter_items',
      level: 'fail',
      text_zh: `今日已结账${till.zNo ? `（结账单 Z${till.zNo}）` : ''} — 本台席今天不再接待客户；如需继续营业，请找值班经理`,
      text_en: `Settled for today${till.zNo ? ` (Z report ${till.zNo})` : ''} — this counter serves no more customers today; ask the duty manager to reopen`,
    });
  } else if (till.state === 'none') {
    items.push({ item: 'counter_items', level: 'fail', text_zh: '钱箱尚未开班 — 请按 F5 开班，清点备用金和台席物品（SIM卡、有价卡、发票）', text_en: 'The till is not open — press F5 to open it and count the float and the counter items (SIM cards, value cards, invoices)' });
  } else {
    const c = till.items;
    const empty: { zh: string; en: string }[] = [];
    if (c.sim_card <= 0) empty.push({ zh: 'SIM卡（无法办理新装入网、补换卡）', en: 'SIM cards (no new lines or SIM replacements)' });
    if (c.value_card <= 0) empty.push({ zh: '有价卡', en: 'value cards' });
    if (c.invoice_paper <= 0) empty.push({ zh: '发票（无法打印发票）', en: 'invoice paper (no invoices)' });
    items.push(
      empty.length > 0
        ? { item: 'counter_items', level: 'warn', text_zh: `数量为0：${empty.map((e) => e.zh).join('、')} — 请向值班经理请领`, text_en: `None left: ${empty.map((e) => e.en).join(', ')} — ask the duty manager for stock` }
        : { item: 'counter_items', level: 'ok', text_zh: `台席物品已清点：SIM卡 ${c.sim_card}、有价卡 ${c.value_card}、发票 ${c.invoice_paper}`, text_en: `Counter items counted: ${c.sim_card} SIM, ${c.value_card} value cards, ${c.invoice_paper} invoices` },
    );
  }
  return items;
}

/**
 * Configured or not is the administrator's choice and both are fine (without a decoder the clerk
 * compares the face with the photo on the card); an install file that was refused is a warning,
 * since the administrator meant a decoder to run and none does.
 */
function photoDecoderLine(d: ShiftStartInput['photoDecoder']): ShiftCheckItem {
  if (d.error) {
    return { item: 'photo_decoder', level: 'warn', text_zh: `证件照片解码程序未启用：${d.error.message_zh}`, text_en: `ID photo decoder not in use: ${d.error.message_en}` };
  }
  if (d.configured) {
    return { item: 'photo_decoder', level: 'ok', text_zh: `证件照片解码程序已配置：${d.path}`, text_en: `ID photo decoder configured: ${d.path}` };
  }
  return {
    item: 'photo_decoder',
    level: 'ok',
    text_zh: `未配置证件照片解码程序（${d.installFile}）：核验时请与实体证件上的照片比对`,
    text_en: `No ID photo decoder configured (${d.installFile}): compare the face with the photo on the card`,
  };
}

interface CheckRow {
  at: number;
  result: ShiftCheckResult['result'];
  items: string;
}

export class ShiftStart implements ShiftGate {
  /** `tillSessionOf`: the counter's open cash session, or null (the till module answers). */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly tillSessionOf: (counterId: string) => number | null,
  ) {}

  /** Runs the checklist and records it for the till session; run again after fixing a failed item. */
  run(input: ShiftStartInput): ShiftCheckResult {
    const items = evaluateShiftStart(input);
    const result = items.some((i) => i.level === 'fail') ? 'fail' : items.some((i) => i.level === 'warn') ? 'warn' : 'pass';
    const at = this.clock.now();
    this.db
      .prepare('INSERT INTO shift_checks (session_id, counter_id, clerk_id, at, result, items, till_session_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.sessionId, input.counterId, input.clerkId, at, result, JSON.stringify(items), input.till.state === 'open' ? input.till.sessionId : null);
    return { result, at, items };
  }

  /** The latest check of the counter's open till session, or null when none was run for it. */
  latest(counterId: string): ShiftCheckResult | null {
    const session = this.tillSessionOf(counterId);
    if (session === null) return null;
    const row = this.db
      .prepare('SELECT at, result, items FROM shift_checks WHERE counter_id = ? AND till_session_id = ? ORDER BY check_id DESC LIMIT 1')
      .get(counterId, session) as CheckRow | undefined;
    return row ? { at: row.at, result: row.result, items: JSON.parse(row.items) as ShiftCheckItem[] } : null;
  }

  /** The latest check of the counter's open till session passed (warnings allowed). */
  isReady(counterId: string): boolean {
    const last = this.latest(counterId);
    return last !== null && last.result !== 'fail';
  }
}
