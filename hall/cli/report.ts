/**
 * `npm run -s report -- <daily|weekly|monthly> --date YYYY-MM-DD [--json] [--data-dir D | --database-url U]`
 *
 * The duty manager's report figures from the hall's database: JSON (hall totals, per counter,
 * per clerk, per business, steps, utilisation, daily volumes, anomalies) for the market
 * department's tools, or a short summary to read. The daily report of a date covers that day,
 * the weekly its Monday-to-Sunday week, the monthly its month. A bad date or a period with no
 * records is refused in Chinese and English with exit code 1 (usage errors: 2). While a hall
 * process holds the embedded folder, the figures come from it through its admin API.
 */
import { parseArgs } from 'node:util';
import { BilingualError } from '../../base/contract/errors';
import { exitOnOldNode } from '../../base/node/nodeVersion';
import { adminRequest } from '../admin/client';
import { reportJson, type ReportJson } from '../desk/reportJson';
import { HallBusyError } from '../storage/lock';
import { openHallStore } from '../storage/open';
import { STORE_OPTIONS, storeChoice } from './args';

exitOnOldNode();

const USAGE = 'usage: npm run -s report -- <daily|weekly|monthly> --date YYYY-MM-DD [--json] [--data-dir D | --database-url postgres://…]\n';

const yuan = (fen: number) => (fen / 100).toFixed(2);
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const sec = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 1000)} s`);

export function describe(r: ReportJson): string {
  const h = r.hall;
  const lines = [
    `${{ daily: '日报 daily', weekly: '周报 weekly', monthly: '月报 monthly' }[r.report]}  ${r.period.from}${r.period.to !== r.period.from ? ` – ${r.period.to}` : ''}  (${r.period.tz}; due ${r.dueBy})`,
    `接待 journeys ${h.journeys} (上期 previous ${r.previous.journeys})  业务量 businesses ${h.businesses} (上期 previous ${r.previous.businesses})`,
    `办理时长 handling median ${sec(h.handling.medianMs)}, p90 ${sec(h.handling.p90Ms)}  台席利用率 utilisation ${pct(h.utilisation.ratio)}`,
    `取消 cancelled ${h.cancelled}  退款 refunds ${h.refunds} (¥${yuan(h.refundFen)})  手工录入 manual ID ${h.manualEntries}  拒绝授权 consents refused ${h.consentsRefused}`,
    `推荐 recommended ${h.recOffered}, 成功 accepted ${h.recAccepted}  重打 reprints ${h.reprints}`,
    `长款 over ¥${yuan(h.cash.overFen)}  短款 short ¥${yuan(h.cash.shortFen)}  提前结账 early: ${h.early.attempts} attempts, ${h.early.approvals} approved, ${h.early.refusals} refused`,
    '',
    '台席 counter  接待 journeys  业务 businesses  利用率 utilisation  长短款 variance',
    ...r.byCounter.map((c) => `  ${String(c.counter).padStart(3)}  ${String(c.journeys).padStart(8)}  ${String(c.businesses).padStart(8)}  ${pct(c.utilisation.ratio).padStart(8)}  ¥${yuan(c.cash.varianceFen)}`),
    '',
    '业务 business  本期 count  上期 previous  环比 change',
    ...r.byBusiness.map((b) => `  ${b.code.padEnd(16)} ${String(b.count).padStart(6)} ${String(b.prev).padStart(6)}  ${b.changePct === null ? '—' : `${b.changePct > 0 ? '+' : ''}${b.changePct}%`}`),
  ];
  if (r.anomalies.length) lines.push('', '异常 anomalies:', ...r.anomalies.map((a) => `  ${a.zh} / ${a.en}`));
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...STORE_OPTIONS, date: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) {
      process.stderr.write(USAGE);
      return 2;
    }
    const choice = storeChoice(values);
    let r: ReportJson;
    try {
      const store = await openHallStore(choice);
      try {
        r = await reportJson(store, positionals[0], values.date);
      } finally {
        await store.close();
      }
    } catch (e) {
      if (!(e instanceof HallBusyError)) throw e;
      const qs = new URLSearchParams({ kind: positionals[0]!, date: values.date ?? '' });
      r = await adminRequest<ReportJson>(e.lock, 'GET', `/v1/admin/desk/report?${qs.toString()}`);
    }
    process.stdout.write(values.json ? JSON.stringify(r, null, 2) + '\n' : describe(r));
    return 0;
  } catch (e) {
    if (e instanceof BilingualError) {
      process.stderr.write(`${e.message_zh}\n${e.message_en}\n`);
      return 1;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`参数不正确 / bad arguments: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

process.exit(await main(process.argv.slice(2)));
