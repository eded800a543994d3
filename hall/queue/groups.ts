/**
 * The queue's groups and businesses come from the hall's catalog (the one the counters get), or
 * the catalog the counters ship with while the hall manages none: each business's group and
 * ticket prefix, the documents the customer must bring, whether a payment can go to the
 * self-service machines. Parsed once per catalog version.
 */
import type { Catalog, QueueGroup } from '../../base/contract/catalog';
import { DEFAULT_QUEUE_GROUP, RECEPTION } from '../../base/contract/queue';
import { parseCatalog } from '../../base/node/catalogYaml';
import { bundledCatalog, currentCatalog } from '../config/documents';
import { BilingualError } from '../../base/contract/errors';
import type { Queryable } from '../storage/port';

export interface QueueBusiness {
  code: string;
  nameZh: string;
  nameEn: string;
  group: string;
  documents: { nameZh: string; nameEn: string }[];
  selfService: boolean;
}

export interface QueueCatalog {
  version: number;
  groups: QueueGroup[];
  businesses: QueueBusiness[];
  group(code: string): QueueGroup | undefined;
  business(code: string): QueueBusiness | undefined;
}

/** What the guide asks for when the catalog lists no documents: the ID rule of the business. */
function documentsOf(b: Catalog['businesses'][number]): { nameZh: string; nameEn: string }[] {
  if (b.documents) return b.documents.map((d) => ({ nameZh: d.name_zh, nameEn: d.name_en }));
  if (!b.id.required) return [];
  return b.id.service_password
    ? [{ nameZh: '本人有效身份证件，或服务密码', nameEn: "The customer's own valid ID card, or the service password" }]
    : [{ nameZh: '本人有效身份证件原件', nameEn: "The customer's own valid ID card (original)" }];
}

export function queueCatalogOf(cat: Catalog, version: number): QueueCatalog {
  const groups: QueueGroup[] = cat.queue_groups?.length ? cat.queue_groups : [{ ...DEFAULT_QUEUE_GROUP }];
  const businesses = cat.businesses.map((b) => ({
    code: b.code,
    nameZh: b.name_zh,
    nameEn: b.name_en,
    group: b.queue_group ?? groups[0]!.code,
    documents: documentsOf(b),
    selfService: b.self_service ?? false,
  }));
  const g = new Map(groups.map((x) => [x.code, x]));
  const bz = new Map(businesses.map((x) => [x.code, x]));
  return { version, groups, businesses, group: (c) => g.get(c), business: (c) => bz.get(c) };
}

let cached: QueueCatalog | null = null;

/** The catalog at this version (config_head), parsed once per version. */
export async function queueCatalogAt(q: Queryable, version: number): Promise<QueueCatalog> {
  if (cached && cached.version === version) return cached;
  const doc = await currentCatalog(q);
  const v = doc?.version ?? 0;
  cached = queueCatalogOf(parseCatalog(doc?.yaml ?? bundledCatalog(), doc ? `hall catalog v${v}` : 'catalog.yaml'), v);
  return cached;
}

export async function queueCatalog(q: Queryable): Promise<QueueCatalog> {
  const version = (await q.query<{ version: number }>("SELECT version FROM config_head WHERE kind = 'catalog'")).rows[0]?.version ?? 0;
  return queueCatalogAt(q, version);
}

export function unknownBusiness(code: string): BilingualError {
  return new BilingualError('QUEUE_UNKNOWN_BUSINESS', `业务目录中没有这项业务：${code}`, `The catalog has no such business: ${code}`, { business: code });
}

/** A transfer's target: a group of the catalog, or the reception room. */
export function checkTransferTarget(cat: QueueCatalog, to: string): string {
  if (to === RECEPTION || cat.group(to)) return to;
  throw new BilingualError('QUEUE_UNKNOWN_GROUP', `没有这个排队组：${to.slice(0, 40)}（可转到：${cat.groups.map((x) => x.name_zh).join('、')}、客户接待室）`, `No such queue group: ${to.slice(0, 40)} (transfer to: ${cat.groups.map((x) => x.name_en).join(', ')}, reception)`, { to: to.slice(0, 40) });
}
