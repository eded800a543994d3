/**
 * `device printer …` and `sim printer …` (native/cli/device.ts and native/cli/sim.ts delegate here).
 *
 *   printer status --port <path> [--baud N] [--width 58|80] [--json]
 *   printer test   --port <path> [--baud N] [--width 58|80]
 *   printer drawer --port <path> [--baud N] [--pin 2|5] [--pulse-ms N] [--open-when-low]
 *   sim printer --link <path> [--baud N] [--width 58|80] [--pace] [--slow-ms N] [--open-when-low]
 *
 * Exit codes: 0 fine, 1 usage, 2 printer absent / not answering, 3 printer not ready
 * (paper out, cover open, offline, fault). Errors go to stderr in Chinese and English.
 */
import { createInterface } from 'node:readline';
import { BilingualError, isErrorShape, type ErrorShape } from '../../base/contract/errors';
import { SerialTransport } from '../transport/serial';
import { PrinterDriver } from './driver';
import { errorForStatus } from './errors';
import { modelForWidth } from './model';
import { PrinterSimulator, type SimEvent } from './sim/simulator';
import { testReceipt } from './templates/test-receipt';
import { applySimPrinterAction, isSimPrinterAction } from './sim/actions';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s + '\n'),
  stderr: (s) => process.stderr.write(s + '\n'),
};

interface Flags {
  positional: string[];
  values: Map<string, string>;
  switches: Set<string>;
}

const VALUE_FLAGS = new Set(['--port', '--baud', '--width', '--pin', '--pulse-ms', '--link', '--slow-ms', '--timeout-ms']);

function parse(args: string[]): Flags {
  const f: Flags = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (VALUE_FLAGS.has(a)) f.values.set(a, args[++i] ?? '');
    else if (a.startsWith('--')) f.switches.add(a);
    else f.positional.push(a);
  }
  return f;
}

const USAGE = [
  '用法 Usage:',
  '  device printer status --port <path> [--baud 115200] [--width 58|80] [--json]',
  '  device printer test   --port <path> [--baud 115200] [--width 58|80]',
  '  device printer drawer --port <path> [--pin 2|5] [--pulse-ms 50] [--open-when-low]',
].join('\n');

function usage(io: CliIo, why: string): number {
  io.stderr(`${why}\n${USAGE}`);
  return 1;
}

function numberFlag(f: Flags, name: string, def: number): number | null {
  const v = f.values.get(name);
  if (v === undefined) return def;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
}

function printError(io: CliIo, e: unknown): void {
  const s: ErrorShape = e instanceof BilingualError ? e.toShape() : isErrorShape(e) ? e : {
    code: 'PRINTER_INTERNAL',
    message_zh: '内部错误',
    message_en: `internal error: ${e instanceof Error ? e.message : String(e)}`,
  };
  io.stderr(`错误 [${s.code}]：${s.message_zh}\nError [${s.code}]: ${s.message_en}`);
}

function exitCodeFor(e: unknown): number {
  const code = e instanceof BilingualError ? e.code : '';
  if (code === 'PRINTER_NOT_FOUND' || code === 'PRINTER_TIMEOUT' || code === 'PRINTER_DISCONNECTED' || code === 'PRINTER_BAD_REPLY') return 2;
  return 3;
}

export async function runPrinterCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = argv[0] === 'printer' ? argv.slice(1) : argv;
  const f = parse(args);
  const sub = f.positional[0];
  if (!sub || f.switches.has('--help')) return usage(io, sub ? '' : '缺少子命令 Missing subcommand');
  if (sub !== 'status' && sub !== 'test' && sub !== 'drawer') return usage(io, `未知子命令 Unknown subcommand: ${sub}`);
  const port = f.values.get('--port');
  if (!port) return usage(io, '缺少 --port（打印机串口） Missing --port (the printer serial port)');
  const baud = numberFlag(f, '--baud', 115200);
  const width = numberFlag(f, '--width', 80);
  const pin = numberFlag(f, '--pin', 2);
  const pulse = numberFlag(f, '--pulse-ms', 50);
  const timeout = numberFlag(f, '--timeout-ms', 1000);
  if (baud === null || pulse === null || timeout === null) return usage(io, '参数必须是正整数 Values must be positive integers');
  if (width !== 58 && width !== 80) return usage(io, '--width 只能是 58 或 80 / --width must be 58 or 80');
  if (pin !== 2 && pin !== 5) return usage(io, '--pin 只能是 2 或 5 / --pin must be 2 or 5');

  const driver = new PrinterDriver({
    transport: new SerialTransport({ path: port, baudRate: baud }),
    model: modelForWidth(width),
    baudRate: baud,
    drawerPin: pin,
    drawerPulseMs: pulse,
    drawerOpenWhenHigh: !f.switches.has('--open-when-low'),
    statusTimeoutMs: timeout,
    // A one-shot command must not sit for minutes waiting for paper.
    recoveryWaitMs: 0,
    idlePollMs: 0,
    reconnect: false,
  });
  try {
    const status = await driver.open();
    if (sub === 'status') {
      if (f.switches.has('--json')) io.stdout(JSON.stringify({ port, status }, null, 2));
      else for (const [k, v] of Object.entries(status)) io.stdout(`${k.padEnd(20)} ${String(v)}`);
      const problem = errorForStatus(status);
      if (problem) {
        printError(io, problem);
        return 3;
      }
      return 0;
    }
    if (sub === 'test') {
      const r = await driver.printReceipt('cli-test', testReceipt({ at: Date.now(), link: port }), {
        onWaiting: (e) => io.stderr(`等待 Waiting: ${e.message_zh} / ${e.message_en}`),
      });
      io.stdout(`打印完成，打印机已确认 / Printed and confirmed by the printer${r.paperNearEnd ? '（纸将用尽 paper near end）' : ''}`);
      return 0;
    }
    const after = await driver.kickDrawer();
    io.stdout(`钱箱已弹开 / Drawer kicked (pin ${pin}); 钱箱状态 drawer: ${after.drawerOpen ? '打开 open' : '关闭 closed'}`);
    return 0;
  } catch (e) {
    printError(io, e);
    return exitCodeFor(e);
  } finally {
    await driver.close().catch(() => undefined);
  }
}

const SIM_HELP = [
  '命令 Commands (type + Enter):',
  '  paper-out | paper-in | near-end | cover-open | cover-close | offline | online',
  '  drawer-close | state | help',
].join('\n');

/** Runs the simulator on a pty end and prints what it receives, until SIGINT/SIGTERM. */
export async function runPrinterSim(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = argv[0] === 'printer' ? argv.slice(1) : argv;
  const f = parse(args);
  const link = f.values.get('--link');
  if (!link) {
    io.stderr('缺少 --link（pty 路径） Missing --link (the pty path)\n用法 Usage: sim printer --link <path> [--width 58|80] [--pace] [--slow-ms N]');
    return 1;
  }
  const baud = numberFlag(f, '--baud', 115200) ?? 115200;
  const width = numberFlag(f, '--width', 80) === 58 ? 58 : 80;
  const sim = new PrinterSimulator(new SerialTransport({ path: link, baudRate: baud }), {
    columns: width === 58 ? 32 : 48,
    baudRate: f.switches.has('--pace') ? baud : 0,
    msPerLine: numberFlag(f, '--slow-ms', 0) ?? 0,
    drawerOpenWhenHigh: !f.switches.has('--open-when-low'),
    autoReopen: true,
  });
  sim.onEvent((e) => io.stdout(describe(e)));
  try {
    await sim.start();
  } catch (e) {
    printError(io, new BilingualError('SIM_LINK', `无法打开 ${link}`, `Cannot open ${link}`, { reason: e instanceof Error ? e.message : String(e) }));
    return 2;
  }
  io.stdout(`打印机模拟器已就绪 Printer simulator on ${link} (${width} mm)\n${SIM_HELP}`);
  const rl = process.stdin.readable ? createInterface({ input: process.stdin }) : null;
  rl?.on('line', (line) => io.stdout(command(sim, line.trim())));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  rl?.close();
  await sim.stop();
  io.stdout(`收到 Received: ${sim.stats.bytesIn} bytes, ${sim.cutReceipts.length} receipts, ${sim.kicks.length} drawer kicks`);
  return 0;
}

function describe(e: SimEvent): string {
  switch (e.type) {
    case 'line':
      return `│ ${e.text}`;
    case 'cut':
      return `└──✂── ${e.mode === 'full' ? '全切 full cut' : '半切 partial cut'} ──`;
    case 'kick':
      return `[钱箱 drawer] 弹开 kick: pin ${e.kick.pin}, ${e.kick.onMs} ms on / ${e.kick.offMs} ms off`;
    case 'qr':
      return `│ [二维码 QR] ${e.data}`;
    case 'paper-out':
      return '[缺纸 paper out] 打印暂停，输入 paper-in 装纸 / printing stopped, type paper-in';
    case 'link':
      return e.open ? '[连接 link] 已连接 open' : '[连接 link] 已断开 closed';
  }
}

function command(sim: PrinterSimulator, cmd: string): string {
  if (cmd === 'help') return SIM_HELP;
  if (isSimPrinterAction(cmd)) applySimPrinterAction(sim, cmd);
  else if (cmd !== 'state' && cmd !== '') return `未知命令 Unknown command: ${cmd}\n${SIM_HELP}`;
  return `状态 state: ${JSON.stringify(sim.state)}`;
}
