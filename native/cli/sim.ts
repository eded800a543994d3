/**
 * The simulator CLI (`npm run sim -- …`):
 *   sim idcard --link <pty path> [--card <file.json>] [--baud N] [--no-pace] [--delay ms]
 *   sim printer …   (native/printer/cli.ts)
 *
 * The ID-card simulator answers GA 467 frames on the given serial port (one end of a socat
 * pty pair), logs each answer in readable form, and runs until SIGINT/SIGTERM. Commands on
 * stdin: place <file.json | resident | hmt-permit | foreign-2017 | foreign-2023>, remove,
 * sam ok|60|66, fault <no-answer|corrupt-checksum|garbage|split|truncate> [command],
 * status <hex SW3> [command], clear, help.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { IdCardSimulator, type Fault, type SamState } from '../idcard/sim/simulator';
import { SAMPLE_CARD_FILES, loadSimCard, sampleCardPath } from '../idcard/sim/cards';
import { hostOnSerial } from '../idcard/sim/serial-host';
import { COMMANDS, type CommandName } from '../idcard/commands';
import { intOption, printError, printerEntry, runMain, usageError, EXIT } from './common';

const USAGE = `用法 / usage:
  sim idcard --link <path> [--card <file.json>] [--baud N] [--no-pace] [--delay ms]
  sim printer ...
stdin: place <file|resident|hmt-permit|foreign-2017|foreign-2023> | remove | sam ok|60|66 |
       fault <no-answer|corrupt-checksum|garbage|split|truncate> [command] | status <hex> [command] | clear
commands: ${Object.keys(COMMANDS).join(', ')}
`;

export async function runSimCli(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (group === 'idcard') return idcard(rest);
  if (group === 'printer') return (await printerEntry('runPrinterSim'))(rest);
  process.stdout.write(USAGE);
  return group === 'help' || group === '--help' ? EXIT.ok : EXIT.usage;
}

function cardPath(arg: string): string {
  return arg in SAMPLE_CARD_FILES ? sampleCardPath(arg as keyof typeof SAMPLE_CARD_FILES) : arg;
}

async function idcard(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      link: { type: 'string' },
      card: { type: 'string' },
      baud: { type: 'string' },
      'no-pace': { type: 'boolean' },
      delay: { type: 'string' },
    },
  });
  if (!values.link) throw usageError('缺少 --link <pty 路径>', 'missing --link <pty path>');
  const baud = intOption(values.baud, 'baud', 115200);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
  const sim = new IdCardSimulator({
    baudRate: values['no-pace'] ? null : baud,
    delays: { default: values.delay === undefined ? 0 : intOption(values.delay, 'delay', 0) },
    log,
  });
  if (values.card) sim.place(loadSimCard(cardPath(values.card)));
  const host = await hostOnSerial(sim, { path: values.link, baudRate: baud, log });
  log(`ID card simulator ready on ${values.link} (${baud} baud${values['no-pace'] ? ', unpaced' : ''})`);

  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on('line', (line) => {
    try {
      command(sim, line.trim(), log);
    } catch (err) {
      printError(err);
    }
  });

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  rl.close();
  await host.stop();
  log('simulator stopped');
  return EXIT.ok;
}

function command(sim: IdCardSimulator, line: string, log: (l: string) => void): void {
  const [verb, arg, cmd] = line.split(/\s+/);
  const only = (c: string | undefined): CommandName | undefined => {
    if (c === undefined) return undefined;
    if (!(c in COMMANDS)) throw usageError(`未知命令名「${c}」`, `unknown command name "${c}"`);
    return c as CommandName;
  };
  switch (verb) {
    case '':
    case undefined:
      return;
    case 'place':
      if (!arg) throw usageError('place 需要证件文件', 'place needs a card file');
      sim.remove();
      sim.place(loadSimCard(cardPath(arg)));
      return;
    case 'remove':
      sim.remove();
      return;
    case 'sam': {
      const states: Record<string, SamState> = { ok: 'ok', '60': 'self-test-failed', '66': 'not-authorised' };
      const s = states[arg ?? ''];
      if (!s) throw usageError('sam 需要 ok、60 或 66', 'sam needs ok, 60 or 66');
      sim.setSam(s);
      return;
    }
    case 'fault': {
      const kinds = ['no-answer', 'corrupt-checksum', 'garbage', 'split', 'truncate'];
      if (!arg || !kinds.includes(arg)) throw usageError(`fault 需要 ${kinds.join('|')}`, `fault needs ${kinds.join('|')}`);
      sim.inject({ fault: { kind: arg } as Fault, command: only(cmd) });
      log(`next ${cmd ?? 'reply'}: ${arg}`);
      return;
    }
    case 'status': {
      const sw3 = parseInt(arg ?? '', 16);
      if (!(sw3 >= 0 && sw3 <= 0xff)) throw usageError('status 需要十六进制 SW3', 'status needs a hex SW3');
      sim.inject({ fault: { kind: 'status', sw3 }, command: only(cmd) });
      log(`next ${cmd ?? 'reply'}: status ${arg}`);
      return;
    }
    case 'clear':
      sim.clearFaults();
      return;
    case 'help':
      process.stdout.write(USAGE);
      return;
    default:
      throw usageError(`未知输入「${verb}」`, `unknown input "${verb}"`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runMain(() => runSimCli(process.argv.slice(2)));
