// The layer rule is an allow-list (tools/lint/layers.js): prove that every forbidden import fails
// lint, every allowed one passes, and that a file belonging to no layer is itself an error.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../../tools/lint/layers.js';
import { ROOT } from '../../helpers/browserMode';

const eslint = new ESLint({ cwd: ROOT });
const RULE = 'layers/allowed-imports';

async function ruleErrors(code: string, filePath: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return (res?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

/** A file path inside a layer (config is a list of named files). */
function fileIn(layer: (typeof LAYERS)[number], name = 'probe.ts'): string {
  return layer.files ? layer.files[0]! : `${layer.prefix}x/${name}`;
}

/** A relative import from `from` to a module in `to`. */
function importFrom(fromFile: string, to: (typeof LAYERS)[number]): string {
  const target = to.files ? to.files[0]!.replace(/\.(ts|js)$/, '') : `${to.prefix}y/target`;
  let rel = path.posix.relative(path.posix.dirname(fromFile), target);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return `import { x } from '${rel}';\nexport const y = x;\n`;
}

describe('layer rule: layers', () => {
  const cases = LAYERS.flatMap((from) =>
    LAYERS.filter((to) => !to.files).map((to) => ({ from, to, allowed: from.layers.includes(to.name) })),
  );

  it.each(cases.filter((c) => !c.allowed).map((c) => [c.from.name, c.to.name, c] as const))(
    '%s may not import %s',
    async (_f, _t, c) => {
      const file = fileIn(c.from);
      const errors = await ruleErrors(importFrom(file, c.to), file);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`may not import layer "${c.to.name}"`);
    },
  );

  it.each(cases.filter((c) => c.allowed).map((c) => [c.from.name, c.to.name, c] as const))(
    '%s may import %s',
    async (_f, _t, c) => {
      const file = fileIn(c.from);
      expect(await ruleErrors(importFrom(file, c.to), file)).toEqual([]);
    },
  );

  it('the bottom layer imports nothing of ours but itself', () => {
    const base = LAYERS.find((l) => l.name === 'base')!;
    expect(base.layers).toEqual(['base']);
  });
});

describe('layer rule: packages', () => {
  it('only the shell imports electron and electron-store', async () => {
    for (const l of LAYERS) {
      const file = fileIn(l);
      const errs = await ruleErrors("import { app } from 'electron';\nimport Store from 'electron-store';\nexport const a = [app, Store];\n", file);
      expect(errs, l.name).toHaveLength(l.name === 'shell' ? 0 : 2);
    }
  });

  it('the bottom layer, the renderer and the drivers refuse what is not theirs', async () => {
    expect(await ruleErrors("import fs from 'node:fs';\nexport const f = fs;\n", 'base/contract/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("import fs from 'fs';\nexport const f = fs;\n", 'renderer/src/bad.tsx')).toHaveLength(1);
    expect(await ruleErrors("import Database from 'better-sqlite3';\nexport const d = Database;\n", 'renderer/src/bad.tsx')).toHaveLength(1);
    expect(await ruleErrors("import Database from 'better-sqlite3';\nexport const d = Database;\n", 'native/idcard/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("import { Button } from 'antd';\nexport const b = Button;\n", 'electron/core/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("import { SerialPort } from 'serialport';\nexport const s = SerialPort;\n", 'base/contract/bad.ts')).toHaveLength(1);
  });

  it('allows what a layer owns', async () => {
    expect(await ruleErrors("import { createHash } from 'node:crypto';\nexport const h = createHash;\n", 'base/node/ok.ts')).toEqual([]);
    expect(await ruleErrors("import { SerialPort } from 'serialport';\nimport { x } from '@serialport/bindings-cpp';\nexport const s = [SerialPort, x];\n", 'native/ok.ts')).toEqual([]);
    expect(await ruleErrors("import Database from 'better-sqlite3';\nimport fs from 'node:fs';\nexport const d = [Database, fs];\n", 'electron/core/ok.ts')).toEqual([]);
    expect(await ruleErrors("import { Button } from 'antd';\nimport { createRoot } from 'react-dom/client';\nexport const b = [Button, createRoot];\n", 'renderer/src/ok.tsx')).toEqual([]);
  });

  it('checks dynamic imports, re-exports and require too', async () => {
    expect(await ruleErrors("export const m = import('../../electron/core/app');\n", 'renderer/src/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("export * from '../../electron/core/app';\n", 'renderer/src/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("export { x } from '../../native/idcard/card';\n", 'base/contract/bad.ts')).toHaveLength(1);
    expect(await ruleErrors("const fs = require('node:fs');\nexport const f = fs;\n", 'renderer/src/bad.js')).toHaveLength(1);
  });
});

describe('layer rule: every file has a layer', () => {
  it('a source file in no layer is an error', async () => {
    const errs = await ruleErrors('export const a = 1;\n', 'stray/orphan.ts');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toContain('belongs to no layer');
  });

  it('an import that points outside every layer is an error', async () => {
    expect(await ruleErrors("import { a } from '../../stray/orphan';\nexport const b = a;\n", 'electron/core/bad.ts')).toHaveLength(1);
  });
});
