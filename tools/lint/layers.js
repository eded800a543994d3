// The layer rule (docs/architecture.md, "Layers"): an allow-list per layer. Every source file
// belongs to exactly one layer (the longest matching folder prefix); a file that matches none is
// itself an error, so a new top-level folder cannot slip past the rule. Each layer names the
// layers it may import (relative paths are resolved and classified) and the packages it may use.
// Tested by tests/unit/lint/layers.test.ts, which shows every forbidden import failing lint.
import path from 'node:path';

/** Node built-ins, with or without the `node:` prefix. */
const NODE = '#node';

/**
 * The layers, bottom first. `layers`: the layers a file may import from (its own included);
 * `packages`: npm packages (exact names, or a scope with `/*`), plus NODE for Node built-ins.
 */
export const LAYERS = [
  {
    name: 'base',
    prefix: 'base/',
    why: 'the bottom layer: the contract and the shared rules, pure TypeScript for every side',
    layers: ['base'],
    // The common-password list is data (zxcvbn-ts), shared by the counter and the hall.
    packages: ['zod', '@zxcvbn-ts/language-common'],
  },
  {
    name: 'base-node',
    prefix: 'base/node/',
    why: 'shared rules that need Node (hashing) or a parser (the catalog YAML): for the counter, the hall and the drivers, never the renderer',
    layers: ['base', 'base-node'],
    packages: ['zod', 'yaml', NODE],
  },
  {
    name: 'native',
    prefix: 'native/',
    why: 'device drivers, transports, simulators and the device CLI',
    layers: ['base', 'base-node', 'native'],
    packages: ['zod', 'serialport', '@serialport/*', 'node-hid', 'iconv-lite', NODE],
  },
  {
    name: 'core',
    prefix: 'electron/core/',
    why: "the counter's domain: journey, till, staff, audit, privacy, printing, storage",
    layers: ['base', 'base-node', 'native', 'core'],
    packages: ['zod', 'better-sqlite3', 'conf', 'yaml', 'dayjs', '@zxcvbn-ts/language-common', NODE],
  },
  {
    name: 'host',
    prefix: 'electron/host/',
    why: 'browser mode: the core behind HTTP on 127.0.0.1',
    layers: ['base', 'base-node', 'core', 'host'],
    packages: ['zod', NODE],
  },
  {
    name: 'shell',
    prefix: 'electron/shell/',
    why: 'the only code that imports electron, and the launcher that starts Electron or browser mode',
    layers: ['base', 'base-node', 'core', 'host', 'shell'],
    packages: ['electron', 'electron-store', 'esbuild', NODE],
  },
  {
    name: 'hall',
    prefix: 'hall/',
    why: "the hall server: the counters' records on PostgreSQL (PGlite or a server), enrolment, the chain witness",
    layers: ['base', 'base-node', 'native', 'hall'],
    packages: ['zod', '@electric-sql/pglite', 'pg', 'better-sqlite3', 'exceljs', NODE],
  },
  {
    name: 'renderer',
    prefix: 'renderer/',
    why: 'the React UI: reaches the core only through the contract client',
    layers: ['base', 'renderer'],
    packages: ['react', 'react-dom', 'antd', '@ant-design/icons', 'i18next', 'react-i18next', 'dayjs', 'zod', 'echarts'],
  },
  {
    name: 'tests',
    prefix: 'tests/',
    why: 'tests, the business-day soak and benchmarks: may reach every layer, never electron itself',
    layers: ['base', 'base-node', 'native', 'core', 'host', 'shell', 'hall', 'renderer', 'tests', 'tools'],
    packages: ['vitest', 'fast-check', 'playwright-core', 'eslint', 'better-sqlite3', 'serialport', 'yaml', 'zod', 'pg', '@electric-sql/pglite', 'exceljs', NODE],
  },
  {
    name: 'tools',
    prefix: 'tools/',
    why: 'build and lint tooling',
    layers: ['tools'],
    packages: ['esbuild', NODE],
  },
  {
    name: 'config',
    prefix: '',
    files: ['eslint.config.js', 'vite.config.ts', 'vitest.config.ts'],
    why: 'the tool configuration files at the top of the project',
    layers: ['tools'],
    packages: ['@eslint/js', 'typescript-eslint', 'vite', '@vitejs/plugin-react', 'vitest', 'vitest/config', NODE],
  },
];

const byName = new Map(LAYERS.map((l) => [l.name, l]));
const NODE_BUILTINS = new Set(
  'assert buffer child_process crypto dns events fs fs/promises http https module net os path perf_hooks process readline stream stream/promises string_decoder timers timers/promises tls url util v8 vm worker_threads zlib'.split(' '),
);

/** The layer of a project-relative path (forward slashes), or undefined. */
export function layerOf(rel) {
  let best;
  for (const l of LAYERS) {
    const hit = l.files ? l.files.includes(rel) : rel.startsWith(l.prefix);
    if (hit && (!best || l.prefix.length > best.prefix.length || (l.files && !best.files))) best = l;
  }
  return best;
}

/** 'react-dom/client' → 'react-dom', '@ant-design/icons/x' → '@ant-design/icons'. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function packageAllowed(layer, spec) {
  if (spec.startsWith('node:') || NODE_BUILTINS.has(spec)) return layer.packages.includes(NODE);
  const name = packageName(spec);
  return layer.packages.some((p) => p === spec || p === name || (p.endsWith('/*') && name.startsWith(p.slice(0, -1))));
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each source file belongs to a layer and imports only what its layer allows.' },
    schema: [],
  },
  create(context) {
    const cwd = context.cwd ?? context.getCwd();
    const file = context.filename ?? context.getFilename();
    const rel = path.relative(cwd, file).split(path.sep).join('/');
    if (rel.startsWith('..')) return {};
    const layer = layerOf(rel);

    function check(node, spec) {
      if (typeof spec !== 'string' || !layer) return;
      if (spec.startsWith('.')) {
        const target = path.relative(cwd, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
        const to = layerOf(target);
        if (!to) {
          context.report({ node, message: `"${spec}" points outside every layer (${target}).` });
        } else if (!layer.layers.includes(to.name)) {
          context.report({
            node,
            message: `Layer "${layer.name}" (${layer.prefix || rel}) may not import layer "${to.name}" (${target}): ${layer.name} may use ${layer.layers.join(', ')}.`,
          });
        }
        return;
      }
      if (!packageAllowed(layer, spec)) {
        const what = spec.startsWith('node:') || NODE_BUILTINS.has(spec) ? `Node built-in "${spec}"` : `package "${spec}"`;
        context.report({ node, message: `Layer "${layer.name}" may not import ${what} (${layer.why}).` });
      }
    }

    const source = (node) => (node.source && node.source.type === 'Literal' ? node.source.value : undefined);
    return {
      Program(node) {
        if (!layer) {
          context.report({
            node,
            message: `${rel} belongs to no layer: put it under one of ${LAYERS.filter((l) => l.prefix).map((l) => l.prefix).join(', ')} or add a layer in tools/lint/layers.js.`,
          });
        }
      },
      ImportDeclaration: (node) => check(node, source(node)),
      ExportNamedDeclaration: (node) => check(node, source(node)),
      ExportAllDeclaration: (node) => check(node, source(node)),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
      CallExpression(node) {
        const callee = node.callee;
        const arg = node.arguments[0];
        if (callee.type === 'Identifier' && callee.name === 'require' && arg && arg.type === 'Literal') check(node, arg.value);
      },
    };
  },
};

export const layersPlugin = { rules: { 'allowed-imports': rule } };

/** The ESLint config block: the rule on every source file of the project. */
export const layerRules = [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': 'error' },
  },
];

export { byName as layersByName };
