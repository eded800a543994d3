/**
 * ③ 证件资料核对好: the card from the reader (or typed in by hand, with a reason), or the
 * service password where every business allows it. Only the masked number, its keyed hash and
 * the farewell title are kept.
 */
import { maskIdNumber } from '../../../../base/mask';
import { refuse, requireReason } from '../errors';
import { farewellTitle } from '../farewell';
import { checkIdDocument } from '../verify';
import type { StepHandler } from './turn';

export const verifyIdentity: StepHandler<'verifyCard' | 'verifyManual'> = (t, cmd) => {
  t.expect('verify');
  const defs = t.s.businesses.map((l) => l.def);
  let manualReason: string | null = null;
  const person =
    cmd.type === 'verifyCard'
      ? cmd.card
      : { ...cmd.entry, nameEn: cmd.entry.nameEn ?? '', idNumberValid: undefined, expired: undefined };
  if (cmd.type === 'verifyManual') {
    manualReason = requireReason(cmd.reason, '手工录入证件信息', 'Typing the ID in by hand');
  }
  checkIdDocument(
    {
      cardType: person.cardType,
      idNumber: person.idNumber,
      validTo: person.validTo,
      readerSaysValid: person.idNumberValid,
      readerSaysExpired: person.expired,
    },
    defs,
    t.now,
    t.ctx.hallUtcOffsetMinutes,
  );
  if (!cmd.faceConfirmed) {
    throw refuse(
      'FACE_NOT_CONFIRMED',
      '请核对证件照片与客户本人一致后再确认；人证不一致不能办理',
      'Compare the card photo with the customer, then confirm; business cannot proceed if they do not match',
    );
  }
  const idNumber = person.idNumber.trim().toUpperCase();
  t.s.customer = {
    method: cmd.type === 'verifyCard' ? 'card' : 'manual',
    cardType: person.cardType,
    idMasked: maskIdNumber(idNumber),
    idHash: t.ctx.hashIdNumber(idNumber),
    validTo: person.validTo === '长期' ? 'long-term' : person.validTo,
    manualEntry: cmd.type === 'verifyManual',
    manualReason,
    title: farewellTitle({ cardType: person.cardType, name: person.name, nameEn: person.nameEn, sex: person.sex }),
    verifiedAt: t.now,
  };
  if (manualReason !== null) t.audit('journey.id_manual', { cardType: person.cardType });
};

export const verifyServicePassword: StepHandler<'verifyServicePassword'> = (t, cmd) => {
  t.expect('verify');
  const needCard = t.s.businesses.filter((l) => l.def.id.required && !l.def.id.service_password);
  if (needCard.length > 0) {
    throw refuse(
      'PASSWORD_NOT_ENOUGH',
      `${needCard.map((l) => l.def.name_zh).join('、')}必须核验证件原件，不能仅凭服务密码`,
      `${needCard.map((l) => l.def.name_en).join(', ')} needs the ID card itself, not the service password`,
    );
  }
  if (!cmd.confirmed) {
    throw refuse('PASSWORD_NOT_CONFIRMED', '请客户输入服务密码并经系统验证通过后再确认', 'Have the customer enter the service password and confirm once the system accepts it');
  }
  t.s.customer = {
    method: 'service_password',
    cardType: null,
    idMasked: null,
    idHash: null,
    validTo: null,
    manualEntry: false,
    manualReason: null,
    title: farewellTitle(null),
    verifiedAt: t.now,
  };
};
