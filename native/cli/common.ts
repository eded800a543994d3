/** Shared bits of the device and sim CLIs: bilingual errors on stderr, option parsing, delegation. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BilingualError, isErrorShape, type ErrorCode } from '../../base/contract/errors';

export const EXIT = { ok: 0, usage: 1, noReader: 2, noCard: 3, badData: 4 } as const;

export class CliError extends BilingualError {
  constructor(
    readonly exitCode: number,
    code: ErrorCode,
    zh: string,
    en: string,
    detail?: Record<string, unknown>,
  ) {
    super(code, zh, en, detail);
  }
}

export function usageError(zh: string, en: string): CliError {
  return new CliError(EXIT.usage, 'CLI_USAGE', zh, en);
}

/** Prints an error the way a clerk and a script can both read it. */
export function printError(err: unknown): void {
  if (isErrorShape(err)) {
    process.stderr.write(`错误 [${err.code}]：${err.message_zh}\nerror [${err.code}]: ${err.message_en}\n`);
  } else {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`错误：${msg}\nerror: ${msg}\n`);
  }
}

export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`--${name} 需要正整数，收到「${value}」`, `--${name} needs a positive integer, got "${value}"`);
  return n;
}

type Delegate = (args: string[]) => Promise<number>;

/**
 * The printer's CLI lives in native/printer/cli.ts: loaded on demand, so the reader's commands
 * work in a build without it.
 */
export async function printerEntry(name: 'runPrinterCli' | 'runPrinterSim'): Promise<Delegate> {
  const url = new URL('../printer/cli.ts', import.meta.url);
  const missing = () =>
    new CliError(EXIT.usage, 'CLI_PRINTER_MISSING', '本版本未包含打印机命令（native/printer/cli.ts）', `the printer commands are not part of this build (native/printer/cli.ts, ${name})`);
  if (!existsSync(fileURLToPath(url))) throw missing();
  const mod = (await import(url.href)) as Record<string, unknown>;
  const fn = mod[name];
  if (typeof fn !== 'function') throw missing();
  return fn as Delegate;
}

/** Runs a CLI main and exits with its code; errors become bilingual stderr lines. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      printError(err);
      process.exitCode = err instanceof CliError ? err.exitCode : EXIT.noReader;
    },
  );
}
