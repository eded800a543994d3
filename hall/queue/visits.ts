/**
 * Visits that get no ticket, recorded by the guide: turned away at the door because documents
 * are missing (with what to tell the customer), and payments sent to the self-service machines.
 * The note is free text: it refuses ID, mobile and bank-card numbers (base/contract/freeText.ts).
 */
import type { TurnAwayReason, VisitView } from '../../base/contract/queue';
import type { HallStore } from '../storage/port';
import { queueNow } from './clock';
import { queueCatalog, unknownBusiness, type QueueBusiness } from './groups';

/** What the guide says when the customer cannot be served today (the standard: kindly, and suggest coming back). */
export function whatToTell(b: QueueBusiness, reason: TurnAwayReason | null): { zh: string; en: string } {
  if (reason === null) {
    return {
      zh: `${b.nameZh}可在自助缴费机办理，无需排队：请到自助服务区，我来帮您操作。`,
      en: `${b.nameEn} can be done at the self-service machines without queueing: please come to the self-service area, I will help you.`,
    };
  }
  const docs = b.documents.map((d) => d.nameZh).join('、');
  const docsEn = b.documents.map((d) => d.nameEn).join('; ');
  const need = docs ? `办理${b.nameZh}需要：${docs}。` : '';
  const needEn = docsEn ? `${b.nameEn} needs: ${docsEn}. ` : '';
  switch (reason) {
    case 'holder_absent':
      return { zh: `${need}按实名制规定须本人到场办理，请机主本人带齐证件再来，我们随时为您服务。`, en: `${needEn}Real-name rules require the holder in person: please come back with the holder and the documents; we are glad to help then.` };
    case 'documents_incomplete':
      return { zh: `${need}您的资料还不齐全，请带齐后再来；也可先通过短信营业厅、网上营业厅查询办理条件。`, en: `${needEn}Some documents are missing: please come back with all of them; the SMS or online hall can tell you what is needed.` };
    case 'no_id':
      return { zh: `${need}没有有效证件无法办理，很抱歉。请带上证件再来，我们随时为您服务。`, en: `${needEn}It cannot be done without a valid ID, sorry. Please come back with it; we are glad to help then.` };
    case 'other':
      return { zh: `${need}今天暂时无法办理，很抱歉，请准备好后再来。`, en: `${needEn}It cannot be done today, sorry; please come back when ready.` };
  }
}

export async function recordVisit(
  store: HallStore,
  input: { kind: 'turned_away' | 'self_service'; business: string; reason: TurnAwayReason | null; note: string | null; by: string },
): Promise<VisitView> {
  const cat = await queueCatalog(store);
  const b = cat.business(input.business);
  if (!b) throw unknownBusiness(input.business);
  const { now, day } = await queueNow(store);
  const id = (await store.query<{ id: number }>(
    'INSERT INTO queue_visit (day, kind, business_code, grp, reason, note, at, by_staff) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
    [day, input.kind, b.code, b.group, input.reason, input.note, now, input.by],
  )).rows[0]!.id;
  const tell = whatToTell(b, input.kind === 'self_service' ? null : input.reason);
  return { id: Number(id), kind: input.kind, businessCode: b.code, reason: input.reason, at: now, tellZh: tell.zh, tellEn: tell.en };
}
