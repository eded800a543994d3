// electron-builder cannot run here (it downloads Electron): keep its config checked instead.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/browserMode';

describe('packaging config', () => {
  const cfg = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & {
    devDependencies: Record<string, string>;
    dependencies: Record<string, string>;
    engines: { node: string };
  };

  it('sets the Electron fuses that keep the installed app from being run as something else', () => {
    expect(cfg.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
    expect(cfg.asar).toBe(true);
  });

  it('uses only names electron-builder knows (its own schema: unknown keys are an error there)', () => {
    const scheme = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: { FuseOptionsV1: { properties: Record<string, { type: string }> } };
    };
    for (const key of Object.keys(cfg)) expect(scheme.properties, key).toHaveProperty(key);
    const fuses = scheme.definitions.FuseOptionsV1.properties;
    for (const [k, v] of Object.entries(cfg.electronFuses as Record<string, unknown>)) {
      expect(fuses, k).toHaveProperty(k);
      expect(typeof v).toBe(fuses[k]!.type);
    }
  });

  it('does not rebuild native modules and unpacks them from asar', () => {
    expect(cfg.npmRebuild).toBe(false);
    expect(cfg.asarUnpack).toContain('**/*.node');
    expect(cfg.files).toContain('dist/**');
  });

  it('points main at the built shell and pins the toolchain', () => {
    expect(pkg.main).toBe('dist/electron/main.mjs');
    expect(Number(pkg.devDependencies.electron!.split('.')[0])).toBeGreaterThanOrEqual(45);
    expect(pkg.devDependencies.node).toMatch(/^22\./);
    expect(pkg.engines.node).toBe('>=22');
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^13\./);
    expect(pkg.dependencies.serialport).toMatch(/^13\./);
    expect(pkg.dependencies['node-hid']).toMatch(/^3\./);
  });

  it('runs on Node 22 from node_modules, not the machine node', () => {
    expect(process.versions.node.split('.')[0]).toBe('22');
  });
});
