/**
 * The cash ledger's command line, for the auditor and the duty manager:
 *
 *   npm run -s ledger -- verify [--data-dir D] [--anchor SEQ:HEX]... [--json]
 *
 * Checks the sealed hash chain row by row with the ledger key (browser mode's key file for this
 * data folder; see electron/core/secrets/keyStore.ts), the sealed head, each settlement's anchor
 * and stored totals against the rows, and each `--anchor` read off a printed Z report (the
 * 记录校验码 line: `123:3f2a-9c01-be77`) — which catches even a database replaced whole. Names the
 * first bad row. Exit 0 = intact, 1 = a problem (or no database), 2 = wrong usage.
 * Default data dir: $COUNTERDESK_DATA_DIR or ./.tmp/data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BilingualError } from '../../../base/contract/errors';
import { findKey } from '../secrets/keyLookup';
import { DB_FILE, openDatabase } from '../storage/db';
import { parseAnchor, type ChainAnchor } from '../storage/sealedChain';
import { verifyLedger } from '../till/verify';

const USAGE = 'usage: ledger verify [--data-dir DIR] [--anchor SEQ:HEX]... [--json]';

/** Printed when the key is not here: what was and was not checked. */
export const NO_KEY_NOTE = [
  '注意：本机找不到该数据目录的密钥，未能校验每条记录的密钥哈希；已校验链接、顺序、链尾位置和所给的校验码。',
  'Note: the key of this data folder is not on this machine, so the keyed hashes were not checked; links, sequence, the head position and the given anchors were.',
];

export function runLedgerCli(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): number {
  const [cmd, ...rest] = argv;
  let dataDir = process.env.COUNTERDESK_DATA_DIR || path.resolve('.tmp/data');
  let json = false;
  const anchors: ChainAnchor[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--data-dir' && rest[i + 1]) dataDir = path.resolve(rest[++i]!);
    else if (a === '--json') json = true;
    else if (a === '--anchor' && rest[i + 1]) {
      const anchor = parseAnchor(rest[++i]!);
      if (!anchor) {
        out(`校验码格式应为 条号:十六进制（至少 8 位），如 123:3f2a-9c01-be77 / an anchor is SEQ:HEX (8+ hex digits), e.g. 123:3f2a-9c01-be77\n${USAGE}`);
        return 2;
      }
      anchors.push(anchor);
    } else {
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
    const v = verifyLedger(opened.db, findKey(dataDir, 'ledger-chain'), anchors);
    if (json) out(JSON.stringify(v));
    else if (v.ok) {
      const a = anchors.length > 0 ? `；${anchors.length} 个校验码相符` : '';
      const aEn = anchors.length > 0 ? `; ${anchors.length} anchor(s) match` : '';
      out(`账务链完整：${v.rows} 条记录，${v.settlements} 次结账的合计与记录相符${a}\nLedger intact: ${v.rows} rows; totals of ${v.settlements} settlements match their rows${aEn}`);
      if (!v.keyed) out(NO_KEY_NOTE.join('\n'));
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
