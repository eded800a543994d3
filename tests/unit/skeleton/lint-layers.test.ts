// The layer rule of architecture.md is enforced by lint: prove it rejects violations.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/browserMode';

const eslint = new ESLint({ cwd: ROOT });

async function ruleErrors(code: string, filePath: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath });
  return (res?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('refuses electron outside electron/shell', async () => {
    expect(await ruleErrors("import { app } from 'electron';\nexport const a = app;\n", 'electron/core/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("import Store from 'electron-store';\nexport const s = Store;\n", 'native/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("import { app } from 'electron';\nexport const a = app;\n", 'renderer/src/bad.ts')).not.toHaveLength(0);
  });

  it('allows electron inside electron/shell', async () => {
    expect(await ruleErrors("import { app } from 'electron';\nexport const a = app;\n", 'electron/shell/ok.ts')).toHaveLength(0);
  });

  it('refuses node built-ins and native modules in the renderer and the contract', async () => {
    expect(await ruleErrors("import fs from 'node:fs';\nexport const f = fs;\n", 'renderer/src/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("import Database from 'better-sqlite3';\nexport const d = Database;\n", 'renderer/src/bad.tsx')).toHaveLength(1);
    expect(await ruleErrors("import { SerialPort } from 'serialport';\nexport const s = SerialPort;\n", 'electron/contract/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("import path from 'path';\nexport const p = path;\n", 'electron/contract/bad.ts')).toHaveLength(1);
  });

  it('refuses the renderer reaching into core or native directly', async () => {
    expect(await ruleErrors("import { startCore } from '../../electron/core/app';\nexport const s = startCore;\n", 'renderer/src/bad.ts')).toHaveLength(1);
  });

  it('lets core use node and native modules', async () => {
    expect(await ruleErrors("import fs from 'node:fs';\nimport Database from 'better-sqlite3';\nexport const x = [fs, Database];\n", 'electron/core/ok.ts')).toHaveLength(0);
  });
});
