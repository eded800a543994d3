/**
 * Holds the catalog in use. A reload that fails keeps the previous good catalog, so a typo
 * saved by the hall mid-day never takes the counters down; the error goes to the screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BilingualError } from '../../../base/contract/errors';
import type { Catalog } from '../../../base/contract/catalog';
import { parseCatalog } from '../../../base/node/catalogYaml';

export type CatalogLoad =
  | { ok: true; catalog: Catalog }
  | { ok: false; error: BilingualError; /** still in use, or null when nothing good was ever loaded */ inUse: Catalog | null };

/** `resources/catalog.yaml` of the source tree (the packaged app passes its own path). */
export function defaultCatalogPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..', '..', 'resources', 'catalog.yaml');
}

export class CatalogLoader {
  private good: Catalog | null = null;

  /** The catalog in use; throws when no good catalog was ever loaded. */
  current(): Catalog {
    if (!this.good) {
      throw new BilingualError(
        'CATALOG_NONE',
        '尚未加载有效的业务目录 — 请检查 catalog.yaml 后重新加载',
        'No valid business catalog is loaded — check catalog.yaml and reload',
      );
    }
    return this.good;
  }

  loadText(text: string, source = 'catalog.yaml'): CatalogLoad {
    try {
      this.good = parseCatalog(text, source);
      return { ok: true, catalog: this.good };
    } catch (e) {
      return { ok: false, error: asBilingual(e), inUse: this.good };
    }
  }

  loadFile(file = defaultCatalogPath()): CatalogLoad {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const error = new BilingualError(
        'CATALOG_UNREADABLE',
        `无法读取业务目录文件：${file} — 请检查文件是否存在`,
        `Cannot read the business catalog: ${file} — check that the file exists`,
        { reason: e instanceof Error ? e.message : String(e) },
      );
      return { ok: false, error, inUse: this.good };
    }
    return this.loadText(text, path.basename(file));
  }
}

function asBilingual(e: unknown): BilingualError {
  if (e instanceof BilingualError) return e;
  return new BilingualError(
    'CATALOG_INVALID',
    '业务目录无法解析 — 请检查文件内容',
    'The business catalog cannot be parsed — check the file',
    { reason: e instanceof Error ? e.message : String(e) },
  );
}
