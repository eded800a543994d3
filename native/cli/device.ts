/**
 * The device CLI (`npm run -s device -- …`):
 *   device ports [--json]
 *   device idcard probe  --port <path> [--baud N] [--timeout ms] [--json]
 *   device idcard detect [--port <path>]… [--baud N] [--timeout ms] [--json]
 *   device idcard read   --port <path> [--baud N] [--timeout ms] [--json] [--fingerprint] [--address]
 *                        [--today YYYY-MM-DD] [--verbose]
 *   device printer …      (native/printer/cli.ts)
 * Exit codes: 0 ok, 1 usage, 2 no reader / port, 3 no card within the timeout, 4 bad data.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { BilingualError } from '../../base/contract/errors';
import { listPorts } from '../transport/ports';
import { SerialTransport } from '../transport/serial';
import { IdCardReader } from '../idcard/reader';
import { detectReaders, probeTransport } from '../idcard/detect';
import { pollStep } from '../idcard/session';
import { isoDate } from '../../base/idNumber';
import type { IdCard } from '../../base/contract/card';
import { localDate, parseTextBlock } from '../idcard/card';
import { CliError, EXIT, intOption, printerEntry, runMain, usageError } from './common';
import { hex2, statusInfo } from '../idcard/status';

const USAGE = `用法 / usage:
  device ports [--json]
  device idcard probe  --port <path> [--baud N] [--timeout ms] [--json]
  device idcard detect [--port <path>]... [--baud N] [--timeout ms] [--json]
  device idcard read   --port <path> [--baud N] [--timeout ms] [--json] [--fingerprint] [--address] [--today YYYY-MM-DD] [--verbose]
  device printer ...
`;

export async function runDeviceCli(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (group === 'ports') return ports(rest);
  if (group === 'idcard') return idcard(rest);
  if (group === 'printer') return (await printerEntry('runPrinterCli'))(rest);
  if (group === undefined || group === 'help' || group === '--help') {
    process.stdout.write(USAGE);
    return group === undefined ? EXIT.usage : EXIT.ok;
  }
  throw usageError(`未知命令「${group}」\n${USAGE}`, `unknown command "${group}"`);
}

async function ports(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const listing = await listPorts();
  if (values.json) {
    process.stdout.write(JSON.stringify(listing) + '\n');
    return EXIT.ok;
  }
  process.stdout.write(`串口 / serial ports (${listing.serial.length}):\n`);
  for (const p of listing.serial) {
    const ids = p.vendorId ? ` ${p.vendorId}:${p.productId}` : '';
    process.stdout.write(`  ${p.path}${ids}${p.manufacturer ? ` ${p.manufacturer}` : ''}\n`);
  }
  process.stdout.write(`HID 设备 / HID devices (${listing.hid.length}):\n`);
  for (const d of listing.hid) {
    const id = `${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`;
    process.stdout.write(`  ${id} ${d.product ?? ''} ${d.path ?? ''}\n`);
  }
  for (const e of listing.errors) process.stderr.write(`无法列出 / cannot list ${e.source}: ${e.message}\n`);
  return EXIT.ok;
}

const idcardOptions = {
  port: { type: 'string', multiple: true },
  baud: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  fingerprint: { type: 'boolean' },
  address: { type: 'boolean' },
  today: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

async function idcard(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: idcardOptions });
  const baud = intOption(values.baud, 'baud', 115200);
  const onePort = () => {
    const p = values.port?.[0];
    if (!p) throw usageError('缺少 --port <路径>', 'missing --port <path>');
    return p;
  };
  if (sub === 'probe') return probe(onePort(), baud, intOption(values.timeout, 'timeout', 300), !!values.json);
  if (sub === 'detect') {
    const { found, probes } = await detectReaders({
      ports: values.port,
      baudRates: [baud],
      timeoutMs: intOption(values.timeout, 'timeout', 300),
      withSamId: true,
    });
    if (values.json) process.stdout.write(JSON.stringify({ found, probes }) + '\n');
    else {
      for (const p of probes) process.stdout.write(`${p.port}: ${p.reader ? '读卡器 / reader' : '不是读卡器 / not a reader'}${p.reason ? ` (${p.reason})` : ''}\n`);
    }
    return found.length > 0 ? EXIT.ok : EXIT.noReader;
  }
  if (sub === 'read') {
    let today = localDate(Date.now());
    if (values.today !== undefined) {
      if (!isoDate(values.today.replace(/-/g, ''))) throw usageError(`--today 需要 YYYY-MM-DD`, `--today needs YYYY-MM-DD`);
      today = values.today;
    }
    return read({
      port: onePort(),
      baud,
      timeoutMs: intOption(values.timeout, 'timeout', 10_000),
      json: !!values.json,
      fingerprint: !!values.fingerprint,
      address: !!values.address,
      today,
      verbose: !!values.verbose,
    });
  }
  throw usageError(`未知的 idcard 子命令「${sub ?? ''}」\n${USAGE}`, `unknown idcard command "${sub ?? ''}"`);
}

async function probe(port: string, baud: number, timeoutMs: number, json: boolean): Promise<number> {
  const r = await probeTransport(new SerialTransport({ path: port, baudRate: baud }), { timeoutMs, withSamId: true });
  if (json) process.stdout.write(JSON.stringify(r) + '\n');
  if (!r.reader) {
    throw new CliError(EXIT.noReader, 'IDCARD_NO_READER', `${port} 上没有应答的身份证读卡器（${r.reason ?? ''}）`, `no ID card reader answered on ${port} (${r.reason ?? ''})`, { port });
  }
  if (!json) {
    const s = statusInfo(r.sw3!);
    process.stdout.write(`读卡器 / reader: ${port} @ ${baud}\n`);
    process.stdout.write(`SAM 状态 / SAM status: ${hex2(r.sw3!)} ${s.zh} / ${s.en}\n`);
    if (r.samId) process.stdout.write(`SAM ID: ${r.samId}\n`);
  }
  return r.sw3 === 0x90 ? EXIT.ok : EXIT.noReader;
}

interface ReadArgs {
  port: string;
  baud: number;
  timeoutMs: number;
  json: boolean;
  fingerprint: boolean;
  address: boolean;
  today: string;
  verbose: boolean;
}

async function read(a: ReadArgs): Promise<number> {
  const log = a.verbose ? (l: string) => process.stderr.write(`${l}\n`) : undefined;
  const reader = new IdCardReader(new SerialTransport({ path: a.port, baudRate: a.baud }), { log });
  const deadline = Date.now() + a.timeoutMs;
  try {
    try {
      await reader.open();
      await reader.samStatus();
    } catch (err) {
      throw asNoReader(err, a.port);
    }
    let lastProblem: BilingualError | null = null;
    for (;;) {
      try {
        const raw = await pollStep(reader, { fingerprint: a.fingerprint });
        if (raw) {
          const card = parseTextBlock(raw.text, { today: a.today, photoBytes: raw.photo.length });
          const appended = a.address ? await reader.readAddress() : null;
          printCard(card, a.json, appended, a.address);
          return EXIT.ok;
        }
      } catch (err) {
        if (!(err instanceof BilingualError)) throw err;
        if (err.code === 'IDCARD_DISCONNECTED' || err.code.startsWith('IDCARD_SAM_')) throw new CliError(EXIT.noReader, err.code, err.message_zh, err.message_en);
        if (err.code === 'IDCARD_BAD_TEXT') throw new CliError(EXIT.badData, err.code, err.message_zh, err.message_en);
        lastProblem = err;
      }
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (lastProblem && (lastProblem.code === 'IDCARD_BAD_FRAME' || lastProblem.code === 'IDCARD_BAD_REPLY')) {
      throw new CliError(EXIT.badData, lastProblem.code, lastProblem.message_zh, lastProblem.message_en);
    }
    const extra = lastProblem ? { zh: `（最后一次错误：${lastProblem.message_zh}）`, en: ` (last problem: ${lastProblem.message_en})` } : { zh: '', en: '' };
    throw new CliError(
      EXIT.noCard,
      'IDCARD_NO_CARD',
      `${a.timeoutMs} 毫秒内未读到证件，请将证件平放在读卡器上${extra.zh}`,
      `no card was read within ${a.timeoutMs} ms: place the card flat on the reader${extra.en}`,
    );
  } finally {
    await reader.close().catch(() => undefined);
  }
}

function asNoReader(err: unknown, port: string): CliError {
  const e = err instanceof BilingualError ? err : null;
  if (e?.code === 'IDCARD_TIMEOUT' || e?.code === 'IDCARD_BAD_FRAME') {
    return new CliError(EXIT.noReader, 'IDCARD_NO_READER', `${port} 上没有身份证读卡器应答（${e.message_zh}）`, `no ID card reader answered on ${port} (${e.message_en})`, { port });
  }
  if (e) return new CliError(EXIT.noReader, e.code, e.message_zh, e.message_en, e.detail);
  const msg = err instanceof Error ? err.message : String(err);
  return new CliError(EXIT.noReader, 'IDCARD_OPEN_FAILED', `无法打开 ${port}：${msg}`, `cannot open ${port}: ${msg}`);
}

const LABELS: Record<keyof IdCard, string> = {
  cardType: '证件类型 / card type', name: '姓名 / name', nameEn: '英文姓名 / English name', sex: '性别 / sex',
  nation: '民族 / nation', nationality: '国籍 / nationality', birthDate: '出生 / born', address: '住址 / address',
  idNumber: '号码 / number', issuer: '签发机关 / issuer', validFrom: '有效期起 / valid from', validTo: '有效期止 / valid to',
  passNumber: '通行证号码 / pass number', issueCount: '签发次数 / issue count', idNumberValid: '号码校验 / number valid',
  expired: '已过期 / expired', photoBytes: '照片字节 / photo bytes',
};

function printCard(card: IdCard, json: boolean, appended: string | null, askedAddress: boolean): void {
  if (json) {
    // Exactly one object on stdout: the IdCard keys (the appended address is extra, on request).
    process.stdout.write(JSON.stringify(askedAddress ? { ...card, appendedAddress: appended } : card) + '\n');
    return;
  }
  for (const [k, v] of Object.entries(card) as [keyof IdCard, unknown][]) {
    if (v !== null) process.stdout.write(`${LABELS[k]}: ${String(v)}\n`);
  }
  if (askedAddress) process.stdout.write(`追加住址 / appended address: ${appended ?? '—'}\n`);
  process.stdout.write('照片需厂商解码库，请与实体证件核对 / the photo needs a vendor decoder: compare with the physical card\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runMain(() => runDeviceCli(process.argv.slice(2)));
