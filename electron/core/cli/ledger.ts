/**
 * The cash ledger's command line, for the auditor and the duty manager:
 *
 *   npx tsx electron/core/cli/ledger.ts verify [--data-dir D] [--json]
 *
 * Checks the hash chain row by row, the chain head, each settlement's anchor and stored totals
 * against the rows, and names the first bad row. Exit 0 = intact, 1 = a problem (or no
 * database), 2 = wrong usage. Default data dir: $COUNTERDESK_DATA_DIR or ./.tmp/data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BilingualError } from '../../../base/contract/errors';
import { DB_FILE, openDatabase } from '../storage/db';
import { verifyLedger } from '../till/verify';

const USAGE = 'usage: ledger verify [--data-dir DIR] [--json]';

export function runLedgerCli(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): number {
  const [cmd, ...rest] = argv;
  let dataDir = process.env.COUNTERDESK_DATA_DIR || path.resolve('.tmp/data');
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--data-dir' && rest[i + 1]) dataDir = path.resolve(rest[++i]!);
    else if (a === '--json') json = true;
    else {
      out(`未知参数 ${a} / unknown argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (cmd !== 'verify') {
    out(USAGE);
    return 2;
  }
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) {
    out(`找不到数据库：${file} — 请用 --data-dir 指定数据目录\nNo database at ${file} — give the data folder with --data-dir`);
    return 1;
  }
  let opened;
  try {
    opened = openDatabase({ dataDir });
  } catch (e) {
    if (e instanceof BilingualError) {
      out(`${e.message_zh}\n${e.message_en}`);
      return 1;
    }
    throw e;
  }
  try {
    const v = verifyLedger(opened.db);
    if (json) out(JSON.stringify(v));
    else if (v.ok) {
      out(`账务链完整：${v.rows} 条记录，${v.settlements} 次结账的合计与记录相符\nLedger intact: ${v.rows} rows; totals of ${v.settlements} settlements match their rows`);
    } else {
      out(`账务校验失败：${v.problem!.message_zh}\nLedger verification FAILED: ${v.problem!.message_en}`);
    }
    return v.ok ? 0 : 1;
  } finally {
    opened.db.close();
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  process.exitCode = runLedgerCli(process.argv.slice(2));
}
