/**
 * The audit log from a terminal.
 *
 *   npx tsx electron/core/cli/audit.ts verify [--data-dir D]
 *
 * Recomputes the hash chain and names the first entry that fails. Exit 0 when intact,
 * 1 when broken or unreadable, 2 for a usage mistake. Opens the database read-only: a
 * verifier must not change what it checks (not even by applying migrations).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../../base/clock';
import { AuditLog, type AuditVerifyResult } from '../audit/auditLog';
import { DB_FILE } from '../storage/db';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

const USAGE = [
  '用法 / Usage: audit verify [--data-dir 目录/DIR]',
  '  verify   校验审计日志的哈希链 / check the audit log hash chain',
  '  数据目录默认为 COUNTERDESK_DATA_DIR 或 ./.tmp/data / data dir defaults to COUNTERDESK_DATA_DIR or ./.tmp/data',
].join('\n');

const REASON: Record<string, [string, string]> = {
  hash_mismatch: ['内容与其哈希不符（该条被改动）', 'its content does not match its hash (the entry was altered)'],
  prev_mismatch: ['与前一条的链接断开（之前有记录被删除、插入或改动）', 'its link to the previous entry is broken (an entry before it was removed, inserted or altered)'],
  sequence_gap: ['序号不连续（有记录被删除）', 'its sequence number skips (entries were removed)'],
};

export function runAuditCli(argv: readonly string[], io: CliIo): number {
  const args = [...argv];
  const cmd = args.shift();
  let dataDir = io.env.COUNTERDESK_DATA_DIR || path.resolve('.tmp', 'data');
  while (args.length > 0) {
    const a = args.shift();
    if (a === '--data-dir' && args[0] !== undefined) dataDir = args.shift() as string;
    else if (a?.startsWith('--data-dir=')) dataDir = a.slice('--data-dir='.length);
    else return usage(io, `未知参数 / unknown argument: ${a}`);
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
    result = new AuditLog(db, systemClock).verify();
  } catch (e) {
    io.err(`无法读取数据库：${file} — 请检查文件是否损坏`);
    io.err(`Cannot read the database: ${file} — check whether the file is damaged (${e instanceof Error ? e.message : String(e)})`);
    return 1;
  } finally {
    db?.close();
  }

  if (result.ok) {
    io.out(`审计日志完整：共 ${result.entries} 条，哈希链校验通过`);
    io.out(`Audit log intact: ${result.entries} entries, hash chain verified`);
    return 0;
  }
  const bad = result.firstBad!;
  const [zh, en] = REASON[bad.reason] ?? [bad.reason, bad.reason];
  io.err(`审计日志校验失败：第一条有问题的记录 seq=${bad.seq}：${zh} — 请保留数据库文件原样并报告管理员`);
  io.err(`Audit log verification FAILED: first bad entry seq=${bad.seq}: ${en} — keep the database file as it is and report to the administrator`);
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
