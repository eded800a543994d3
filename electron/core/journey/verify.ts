/**
 * 证件资料核对好: the checks on an ID before any business that needs it.
 * Pure: "today" comes from the command's time and the hall's UTC offset.
 */
import type { CardType } from '../../../base/contract/card';
import type { BusinessType } from '../../../base/contract/catalog';
import { refuse } from './errors';
import { checkCharValid, foreign2017ShapeValid } from '../../../base/idNumber';

const CARD_ZH: Record<CardType, string> = {
  resident: '居民身份证',
  'hmt-permit': '港澳台居民居住证',
  'foreign-2017': '外国人永久居留身份证(2017版)',
  'foreign-2023': '外国人永久居留身份证(2023版)',
};

export function cardTypeZh(t: CardType): string {
  return CARD_ZH[t];
}

/** 'YYYY-MM-DD' of `now` in the hall's time zone. */
export function hallDate(now: number, offsetMinutes = 480): string {
  return new Date(now + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function numberValid(cardType: CardType, idNumber: string): boolean {
  return cardType === 'foreign-2017' ? foreign2017ShapeValid(idNumber) : checkCharValid(idNumber);
}

/** Refuses a bad number, an expired card, or a card type one of the businesses does not accept. */
export function checkIdDocument(
  doc: { cardType: CardType; idNumber: string; validTo: string; readerSaysValid?: boolean; readerSaysExpired?: boolean },
  businesses: BusinessType[],
  now: number,
  offsetMinutes?: number,
): void {
  if (doc.readerSaysValid === false || !numberValid(doc.cardType, doc.idNumber)) {
    throw refuse(
      'ID_NUMBER_INVALID',
      '证件号码校验位不正确 — 请核对证件是否真实有效，或重新读卡/重新输入',
      'The ID number fails its check character — make sure the card is genuine, then read or type it again',
    );
  }
  const validTo = doc.validTo.trim();
  if (validTo !== 'long-term' && validTo !== '长期' && !/^\d{4}-\d{2}-\d{2}$/.test(validTo)) {
    throw refuse('ID_VALID_TO', '证件有效期格式不对，应为 YYYY-MM-DD 或 长期', 'The card validity must be YYYY-MM-DD or long-term');
  }
  const today = hallDate(now, offsetMinutes);
  const expired = validTo !== 'long-term' && validTo !== '长期' && validTo < today;
  if (expired || doc.readerSaysExpired === true) {
    throw refuse(
      'ID_EXPIRED',
      `证件已过期（有效期至 ${validTo}）— 不能办理，请客户持有效证件前来`,
      `The card expired (valid to ${validTo}) — business cannot proceed; the customer needs a valid ID`,
      { validTo },
    );
  }
  const refusing = businesses.filter((b) => b.id.required && !b.id.accepted.includes(doc.cardType));
  if (refusing.length > 0) {
    throw refuse(
      'CARD_TYPE_NOT_ACCEPTED',
      `${refusing.map((b) => b.name_zh).join('、')}不接受${cardTypeZh(doc.cardType)} — 请客户出示可接受的证件，或取消该业务`,
      `${refusing.map((b) => b.name_en).join(', ')} does not accept this card type (${doc.cardType}) — ask for an accepted ID or cancel that business`,
      { cardType: doc.cardType, businesses: refusing.map((b) => b.code) },
    );
  }
}
