/**
 * The business catalog's shape: what each kind of counter business needs from the clerk.
 *
 * The file is edited by hall staff, so every rule here carries a Chinese and an English
 * reason (see `bi()`), which the parser turns into "line N: reason" for the editor.
 */
import { z } from 'zod';
import { cardType } from './card';
import { ACCOUNTABLE_ITEMS, type AccountableItem } from './items';

/** Separates the two languages inside one zod message; the parser splits them again. */
export const BI_SEP = '\u001f';

/** A rule's message carries both languages, because zod issues hold a single string. */
export function bi(zh: string, en: string): { message: string } {
  return { message: `${zh}${BI_SEP}${en}` };
}

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, bi('代码只能用小写字母、数字和下划线，且以字母开头', 'codes use lower-case letters, digits and _ and start with a letter'));
const text = z.string().trim().min(1, bi('不能为空', 'must not be empty'));
const fen = z.number().int(bi('金额以分为单位，须为整数', 'amounts are whole fen')).nonnegative(bi('金额不能为负', 'amounts cannot be negative'));
const count = z.number().int().nonnegative();

export const feeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed'), fen }),
  z.strictObject({ kind: z.literal('entered'), min_fen: fen, max_fen: fen, default_fen: fen.optional() }),
]);
export type Fee = z.infer<typeof feeSchema>;

export const copySchema = z.strictObject({
  document: code,
  name_zh: text,
  name_en: text,
  /** Said to the customer before copying (复印须告知目的并征得同意). */
  purpose_zh: text,
  purpose_en: text,
});
export type DocumentCopy = z.infer<typeof copySchema>;

const fieldBase = { key: code, label_zh: text, label_en: text, hint_zh: text.optional(), hint_en: text.optional() };

export const fieldSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...fieldBase, type: z.literal('text'), pattern: z.string().optional() }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('choice'),
    options: z.array(z.strictObject({ value: code, name_zh: text, name_en: text })).min(1, bi('至少要有一个选项', 'needs at least one option')),
  }),
  /** A statement the clerk must tick (e.g. "new owner present"): must be true to proceed. */
  z.strictObject({ ...fieldBase, type: z.literal('confirm') }),
]);
export type BusinessField = z.infer<typeof fieldSchema>;

export const productSchema = z.strictObject({ code, name_zh: text, name_en: text });
export type Product = z.infer<typeof productSchema>;

export const businessSchema = z.strictObject({
  code,
  name_zh: text,
  name_en: text,
  id: z.strictObject({
    required: z.boolean(),
    accepted: z.array(cardType).default([]),
    /** The customer may prove ownership with the service password instead of an ID card. */
    service_password: z.boolean().default(false),
  }),
  copies: z.array(copySchema).default([]),
  /** What the clerk may offer instead when the customer refuses the copy. */
  without_copy_zh: text.optional(),
  without_copy_en: text.optional(),
  fee: feeSchema,
  takes_payment: z.boolean(),
  /** The clerk may pay out the account's remaining balance in cash (销户). */
  balance_refund: z.boolean().default(false),
  /** The counter items (台席物品) one such business uses, by the names the till counts them. */
  items: z
    .strictObject(Object.fromEntries(ACCOUNTABLE_ITEMS.map((i) => [i, count.default(0)])) as Record<AccountableItem, z.ZodDefault<typeof count>>)
    .prefault({}),
  fields: z.array(fieldSchema).default([]),
  /**
   * What the customer must bring (the floating guide asks "证件带齐了吗" at the door). Optional:
   * without it the guide derives the list from `id` (an accepted ID card, or the service password).
   */
  documents: z.array(z.strictObject({ name_zh: text, name_en: text })).optional(),
  /** The queue group this business is served in (queue_groups[].code); the first group when absent. */
  queue_group: code.optional(),
  /** A payment the self-service machines can take: the guide offers them first (the referral is recorded). */
  self_service: z.boolean().optional(),
  recommend: z.array(productSchema).min(1, bi('至少要有一个推荐产品（业务推荐少不了）', 'needs at least one product to recommend (the standard never skips recommending)')),
});
export type BusinessType = z.infer<typeof businessSchema>;

/** A queue group: the businesses called together, with the ticket prefix (A023) the hall's display shows. */
export const queueGroupSchema = z.strictObject({
  code,
  name_zh: text,
  name_en: text,
  prefix: z.string().regex(/^[A-Z]$/, bi('号票前缀须为一个大写字母（如 A）', 'the ticket prefix is one capital letter (e.g. A)')),
});
export type QueueGroup = z.infer<typeof queueGroupSchema>;

export const catalogSchema = z
  .strictObject({
    version: z.literal(1),
    /** Optional (older catalogs have none): one group 'general' with prefix A then serves every business. */
    queue_groups: z.array(queueGroupSchema).optional(),
    businesses: z.array(businessSchema).min(1, bi('至少要有一种业务', 'needs at least one business')),
  })
  .superRefine((cat, ctx) => {
    const groups = new Set<string>();
    const prefixes = new Set<string>();
    (cat.queue_groups ?? []).forEach((g, i) => {
      if (groups.has(g.code)) ctx.addIssue({ code: 'custom', path: ['queue_groups', i, 'code'], ...bi(`排队组代码重复：${g.code}`, `duplicate queue group: ${g.code}`) });
      if (prefixes.has(g.prefix)) ctx.addIssue({ code: 'custom', path: ['queue_groups', i, 'prefix'], ...bi(`号票前缀重复：${g.prefix}`, `duplicate ticket prefix: ${g.prefix}`) });
      groups.add(g.code);
      prefixes.add(g.prefix);
    });
    cat.businesses.forEach((b, i) => {
      if (b.queue_group !== undefined && !groups.has(b.queue_group)) {
        ctx.addIssue({ code: 'custom', path: ['businesses', i, 'queue_group'], ...bi(`没有这个排队组：${b.queue_group}（须在 queue_groups 中列出）`, `no such queue group: ${b.queue_group} (list it under queue_groups)`) });
      }
    });
    const seen = new Set<string>();
    cat.businesses.forEach((b, i) => {
      const at = (...p: (string | number)[]) => ['businesses', i, ...p];
      const add = (path: (string | number)[], zh: string, en: string) =>
        ctx.addIssue({ code: 'custom', path, ...bi(zh, en) });
      if (seen.has(b.code)) add(at('code'), `业务代码重复：${b.code}`, `duplicate business code: ${b.code}`);
      seen.add(b.code);
      if (b.id.required && b.id.accepted.length === 0) {
        add(at('id'), '要求证件时须列出可接受的证件类型(accepted)', 'when ID is required, list the accepted card types');
      }
      if (b.copies.length > 0 && !b.id.required) {
        add(at('copies'), '要复印证件的业务必须要求证件(id.required: true)', 'a business that copies ID must require ID');
      }
      if (b.takes_payment && b.fee.kind === 'none') {
        add(at('takes_payment'), '收款的业务必须设置费用(fee)', 'a business that takes payment needs a fee');
      }
      if (b.fee.kind === 'entered') {
        const f = b.fee;
        if (f.min_fen > f.max_fen) add(at('fee', 'min_fen'), '最低金额大于最高金额', 'min_fen is greater than max_fen');
        if (f.default_fen !== undefined && (f.default_fen < f.min_fen || f.default_fen > f.max_fen)) {
          add(at('fee', 'default_fen'), '默认金额不在最低与最高金额之间', 'default_fen is outside min_fen..max_fen');
        }
      }
      const keys = new Set<string>();
      b.fields.forEach((f, j) => {
        if (keys.has(f.key)) add(at('fields', j, 'key'), `字段重复：${f.key}`, `duplicate field key: ${f.key}`);
        keys.add(f.key);
        if (f.type === 'text' && f.pattern !== undefined) {
          try {
            new RegExp(f.pattern);
          } catch {
            add(at('fields', j, 'pattern'), '正则表达式无效', 'the regular expression is invalid');
          }
        }
      });
    });
  });

export type Catalog = z.infer<typeof catalogSchema>;
