/**
 * The audit log from a terminal.
 *
 *   npm run -s audit -- verify [--data-dir D] [--anchor SEQ:HEX]...
 *
 * Recomputes the sealed hash chain with the audit key (browser mode's key file for this data
 * folder), checks the sealed head (a cut tail, a wiped log) and each `--anchor` read off a
 * printed Z report, and names the first entry that fails. Exit 0 when intact, 1 when broken or
 * unreadable, 2 for a usage mistake. Opens the database read-only: a verifier must not change
 * what it checks (not even by applying migrations).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../../base/clock';
import { AuditLog, type AuditVerifyResult } from '../audit/auditLog';
import { findKey } from '../secrets/keyLookup';
import { DB_FILE } from '../storage/db';
import { parseAnchor, type ChainAnchor } from '../storage/sealedChain';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

const USAGE = [
  '用法 / Usage: audit verify [--data-dir 目录/DIR] [--anchor 条号:十六进制/SEQ:HEX]...',
  '  verify   校验审计日志的哈希链、链尾和结账报表上的校验码 / check the audit chain, its head and the anchors printed on Z reports',
  '  数据目录默认为 COUNTERDESK_DATA_DIR 或 ./.tmp/data / data dir defaults to COUNTERDESK_DATA_DIR or ./.tmp/data',
].join('\n');

export function runAuditCli(argv: readonly string[], io: CliIo): number {
  const args = [...argv];
  const cmd = args.shift();
  let dataDir = io.env.COUNTERDESK_DATA_DIR || path.resolve('.tmp', 'data');
  const anchors: ChainAnchor[] = [];
  while (args.length > 0) {
    const a = args.shift();
    if (a === '--data-dir' && args[0] !== undefined) dataDir = args.shift() as string;
    else if (a?.startsWith('--data-dir=')) dataDir = a.slice('--data-dir='.length);
    else if (a === '--anchor' && args[0] !== undefined) {
      const anchor = parseAnchor(args.shift() as string);
      if (!anchor) return usage(io, '校验码格式应为 条号:十六进制（至少 8 位） / an anchor is SEQ:HEX (8+ hex digits)');
      anchors.push(anchor);
    } else return usage(io, `未知参数 / unknown argument: ${a}`);
  }
  if (cmd !== 'verify') return usage(io, cmd ? `未知命令 / unknown command: ${cmd}` : null);

  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) {
    io.err(`找不到数据库：${file} — 请用 --data-dir 指定数据目录`);
    io.err(`No database at ${file} — point --data-dir at the data folder`);
    return 1;
  }
  let db: Database.Database | null = null;
  let result: AuditVerifyResult;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    if (!has) {
      io.err(`该数据库没有审计日志（版本过旧？）：${file}`);
      io.err(`This database has no audit log (too old a version?): ${file}`);
      return 1;
    }
    result = new AuditLog(db, systemClock, findKey(dataDir, 'audit-chain')).verify(anchors);
  } catch (e) {
    io.err(`无法读取数据库：${file} — 请检查文件是否损坏`);
    io.err(`Cannot read the database: ${file} — check whether the file is damaged (${e instanceof Error ? e.message : String(e)})`);
    return 1;
  } finally {
    db?.close();
  }

  if (result.ok) {
    const a = anchors.length > 0 ? `，${anchors.length} 个校验码相符` : '';
    io.out(`审计日志完整：共 ${result.entries} 条，哈希链与链尾校验通过${a}`);
    io.out(`Audit log intact: ${result.entries} entries, hash chain and head verified${anchors.length > 0 ? `, ${anchors.length} anchor(s) match` : ''}`);
    if (!result.keyed) {
      io.out('注意：本机找不到该数据目录的密钥，未能校验每条记录的密钥哈希；已校验链接、顺序、链尾位置和所给的校验码。');
      io.out('Note: the key of this data folder is not on this machine, so the keyed hashes were not checked; links, sequence, the head position and the given anchors were.');
    }
    return 0;
  }
  const p = result.problem!;
  io.err(`审计日志校验失败：${p.message_zh} — 请保留数据库文件原样并报告管理员`);
  io.err(`Audit log verification FAILED: ${p.message_en} — keep the database file as it is and report to the administrator`);
  return 1;
}

function usage(io: CliIo, problem: string | null): number {
  if (problem) io.err(problem);
  io.err(USAGE);
  return 2;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  process.exitCode = runAuditCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env,
  });
}
