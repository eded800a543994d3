/**
 * The one-stop service journey as a pure state machine.
 *
 * `apply(state, command, ctx)` returns the next state and the effects (post a sale, print a
 * receipt, kick the drawer, audit) for the service to carry out; it never does I/O, never
 * reads a clock, never mutates its input. A refusal is a thrown BilingualError.
 *
 * The current step is not stored as a cursor that commands move: it is derived from what has
 * been recorded (`nextStep`). A step can therefore not be skipped by any command order, and a
 * state reloaded after a crash is at the right step by construction.
 */
import type { BusinessType } from '../catalog/schema';
import { refuse, requireReason, stepZh, wrongStep } from './errors';
import { farewellTitle } from './farewell';
import { checkBusinessInput } from './fields';
import { maskIdNumber } from '../../../base/mask';
import { isNonCashTender } from '../../../base/contract/tenders';
import type {
  BusinessLine,
  Effect,
  JourneyCommand,
  JourneyState,
  MachineContext,
  ReceiptData,
  Step,
  Transition,
} from './types';
import { checkIdDocument } from './verify';

/** Change of ￥100 or more means a note too many was handed over, or the amount was mistyped. */
export const MAX_CHANGE_FEN = 10_000;

export function startJourney(p: { journeyId: string; counterId: string; clerkId: string; now: number }): JourneyState {
  return {
    journeyId: p.journeyId,
    counterId: p.counterId,
    clerkId: p.clerkId,
    version: 0,
    step: 'greet',
    openedAt: p.now,
    greetedAt: null,
    ticket: null,
    businesses: [],
    customer: null,
    consentLog: [],
    payment: null,
    recommendations: [],
    receipt: null,
    handover: null,
    farewellAt: null,
    closedAt: null,
    cancel: null,
    stepLog: [{ step: 'greet', at: p.now }],
  };
}

// ---- derived facts -------------------------------------------------------------------------

/** Businesses that can still complete (not blocked by a refused copy). */
export function liveLines(s: JourneyState): BusinessLine[] {
  return s.businesses.filter((l) => l.status !== 'consent_refused');
}

export function idRequired(s: JourneyState): boolean {
  return s.businesses.some((l) => l.def.id.required);
}

export function copyingLines(s: JourneyState): BusinessLine[] {
  return s.businesses.filter((l) => l.def.copies.length > 0);
}

/** Net amount due: fees of businesses that take payment, less balances paid out. */
export function dueFen(s: JourneyState): number {
  return liveLines(s).reduce((sum, l) => sum + (l.def.takes_payment ? l.feeFen : 0) - l.balanceRefundFen, 0);
}

export function nextStep(s: JourneyState): Step {
  if (s.cancel) return 'cancelled';
  if (s.closedAt !== null) return 'closed';
  if (s.greetedAt === null) return 'greet';
  if (s.businesses.length === 0) return 'need';
  if (idRequired(s) && !s.customer) return 'verify';
  // Copying needs consent first (复印须告知目的并征得同意); with every business refused,
  // the journey waits here until the customer changes their mind or the clerk cancels.
  if (copyingLines(s).some((l) => l.consent === null) || liveLines(s).length === 0) return 'consent';
  if (liveLines(s).some((l) => l.status === 'open')) return 'process';
  if (dueFen(s) !== 0 && s.payment?.status !== 'paid') return 'payment';
  if (s.recommendations.length === 0) return 'recommend';
  if (!s.handover) return 'handover';
  return 'farewell';
}

/** What the clerk can offer for each business blocked by a refused copy. */
export function blockedAlternatives(s: JourneyState): { code: string; name_zh: string; name_en: string; instead_zh: string; instead_en: string }[] {
  return s.businesses
    .filter((l) => l.status === 'consent_refused')
    .map((l) => ({
      code: l.code,
      name_zh: l.def.name_zh,
      name_en: l.def.name_en,
      instead_zh: l.def.without_copy_zh ?? '客户不同意复印：可改为仅核验原件的业务，或取消该业务',
      instead_en: l.def.without_copy_en ?? 'The customer refuses the copy: switch to a business that only checks the original, or cancel this business',
    }));
}

// ---- transitions ---------------------------------------------------------------------------

export function apply(state: JourneyState, cmd: JourneyCommand, ctx: MachineContext): Transition {
  const s = structuredClone(state);
  const now = ctx.now;
  const effects: Effect[] = [];
  const id = s.journeyId;
  s.version += 1;
  const audit = (event: string, detail: Record<string, unknown>) =>
    effects.push({ kind: 'audit', key: `${id}:audit:${s.version}:${event}`, journeyId: id, event, detail });
  const expect = (step: Step) => {
    if (s.step !== step) throw wrongStep(s.step, step);
  };
  const closedGuard = () => {
    if (s.step === 'closed' || s.step === 'cancelled') {
      throw refuse('ENDED', `本次服务已${stepZh(s.step)}`, `This journey is already ${s.step}`);
    }
  };

  switch (cmd.type) {
    case 'greet': {
      expect('greet');
      const ticket = (cmd.ticket ?? '').trim().toUpperCase();
      if (ticket && !/^[A-Z]{0,2}\d{1,4}$/.test(ticket)) {
        throw refuse('TICKET_INVALID', '号票格式不对（如 A023）— 请重新输入或留空', 'The queue ticket looks wrong (e.g. A023) — type it again or leave it empty');
      }
      s.ticket = ticket || null;
      s.greetedAt = now;
      break;
    }

    case 'chooseBusinesses': {
      expect('need');
      const codes = [...new Set(cmd.codes)];
      if (codes.length === 0) {
        throw refuse('NO_BUSINESS', '请至少选择一项业务', 'Choose at least one business');
      }
      s.businesses = codes.map((code) => {
        const def = ctx.catalog.businesses.find((b) => b.code === code);
        if (!def) {
          throw refuse('UNKNOWN_BUSINESS', `业务目录中没有「${code}」— 请重新选择`, `The catalog has no business "${code}" — choose again`, { code });
        }
        return lineOf(def);
      });
      break;
    }

    case 'verifyCard':
    case 'verifyManual': {
      expect('verify');
      const defs = s.businesses.map((l) => l.def);
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
        now,
        ctx.hallUtcOffsetMinutes,
      );
      if (!cmd.faceConfirmed) {
        throw refuse(
          'FACE_NOT_CONFIRMED',
          '请核对证件照片与客户本人一致后再确认；人证不一致不能办理',
          'Compare the card photo with the customer, then confirm; business cannot proceed if they do not match',
        );
      }
      const idNumber = person.idNumber.trim().toUpperCase();
      s.customer = {
        method: cmd.type === 'verifyCard' ? 'card' : 'manual',
        cardType: person.cardType,
        idMasked: maskIdNumber(idNumber),
        idHash: ctx.hashIdNumber(idNumber),
        validTo: person.validTo === '长期' ? 'long-term' : person.validTo,
        manualEntry: cmd.type === 'verifyManual',
        manualReason,
        title: farewellTitle({ cardType: person.cardType, name: person.name, nameEn: person.nameEn, sex: person.sex }),
        verifiedAt: now,
      };
      if (manualReason !== null) audit('journey.id_manual', { cardType: person.cardType });
      break;
    }

    case 'verifyServicePassword': {
      expect('verify');
      const needCard = s.businesses.filter((l) => l.def.id.required && !l.def.id.service_password);
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
      s.customer = {
        method: 'service_password',
        cardType: null,
        idMasked: null,
        idHash: null,
        validTo: null,
        manualEntry: false,
        manualReason: null,
        title: farewellTitle(null),
        verifiedAt: now,
      };
      break;
    }

    case 'answerConsent': {
      expect('consent');
      const line = s.businesses.find((l) => l.code === cmd.code);
      if (!line || line.def.copies.length === 0) {
        throw refuse('NO_COPY_NEEDED', '该业务无需复印证件', 'This business copies no documents', { code: cmd.code });
      }
      if (cmd.answer !== 'agreed' && cmd.answer !== 'refused') {
        throw refuse('CONSENT_ANSWER', '请选择客户同意或不同意', 'Record whether the customer agreed or refused');
      }
      line.consent = { answer: cmd.answer, at: now };
      line.status = cmd.answer === 'agreed' ? 'open' : 'consent_refused';
      s.consentLog.push({ code: line.code, answer: cmd.answer, at: now });
      if (cmd.answer === 'refused') audit('journey.consent_refused', { business: line.code });
      break;
    }

    case 'submitBusiness': {
      expect('process');
      const line = s.businesses.find((l) => l.code === cmd.code);
      if (!line) throw refuse('UNKNOWN_BUSINESS', `本次未选择业务「${cmd.code}」`, `Business "${cmd.code}" was not chosen`, { code: cmd.code });
      if (line.status === 'consent_refused') {
        const alt = blockedAlternatives(s).find((a) => a.code === line.code)!;
        throw refuse('CONSENT_REFUSED', alt.instead_zh, alt.instead_en, { code: line.code });
      }
      if (line.status === 'processed') {
        throw refuse('ALREADY_PROCESSED', `${line.def.name_zh}已受理`, `${line.def.name_en} is already processed`);
      }
      const done = checkBusinessInput(line.def, cmd.fields, cmd.feeFen, cmd.balanceRefundFen);
      line.fields = done.fields;
      line.feeFen = done.feeFen;
      line.balanceRefundFen = done.balanceRefundFen;
      line.status = 'processed';
      line.processedAt = now;
      break;
    }

    case 'payCash':
    case 'payNonCash':
    case 'payOut': {
      expect('payment');
      if (s.payment?.status === 'posting') {
        throw refuse('PAYMENT_POSTING', '收款正在处理中，请稍候', 'The payment is being posted — please wait');
      }
      const due = dueFen(s);
      const attempt = (s.payment?.attempt ?? 0) + 1;
      const key = attempt === 1 ? `${id}:pay` : `${id}:pay#${attempt}`;
      const base = { dueFen: due, status: 'posting' as const, effectKey: key, attempt, error: null, at: now, paidAt: null };
      if (cmd.type === 'payOut') {
        if (due >= 0) throw refuse('NOTHING_TO_PAY_OUT', '本次没有需要退还客户的余额', 'There is no balance to pay out');
        s.payment = { ...base, tender: 'cash', tenderedFen: 0, changeFen: 0, reference: null };
        effects.push({ kind: 'refund', key, journeyId: id, amountFen: -due, tender: 'cash' });
        break;
      }
      if (due <= 0) throw refuse('NOTHING_DUE', '本次无需收款', 'Nothing is due');
      if (cmd.type === 'payCash') {
        const t = cmd.tenderedFen;
        if (!Number.isSafeInteger(t) || t < due) {
          throw refuse('TENDER_SHORT', `实收金额不足应收 ￥${(due / 100).toFixed(2)} — 请重新输入`, `The amount tendered is less than the ￥${(due / 100).toFixed(2)} due — enter it again`);
        }
        if (t - due >= MAX_CHANGE_FEN) {
          throw refuse('CHANGE_TOO_LARGE', '找零达到￥100.00或以上，请核对实收金额', 'Change of ￥100.00 or more — check the amount tendered');
        }
        s.payment = { ...base, tender: 'cash', tenderedFen: t, changeFen: t - due, reference: null };
        effects.push({ kind: 'postCash', key, journeyId: id, dueFen: due, tenderedFen: t, changeFen: t - due });
      } else {
        if (!isNonCashTender(cmd.tender)) {
          throw refuse('TENDER_UNKNOWN', '请选择微信、支付宝或银联', 'Choose WeChat, Alipay or UnionPay');
        }
        const ref = (cmd.reference ?? '').trim();
        if (!/^[A-Za-z0-9-]{6,64}$/.test(ref)) {
          throw refuse('REFERENCE_INVALID', '请扫描或输入支付凭证号（6–64位字母数字）', 'Scan or type the payment reference (6–64 letters/digits)');
        }
        s.payment = { ...base, tender: cmd.tender, tenderedFen: due, changeFen: 0, reference: ref };
        effects.push({ kind: 'postNonCash', key, journeyId: id, tender: cmd.tender, amountFen: due, reference: ref });
      }
      break;
    }

    case 'recommend': {
      expect('recommend');
      if (!Array.isArray(cmd.offers) || cmd.offers.length === 0) {
        throw refuse('RECOMMEND_REQUIRED', '业务推荐少不了：请至少记录一项推荐及客户反馈', 'Recommend at least one product and record the answer');
      }
      const products = new Map(liveLines(s).flatMap((l) => l.def.recommend.map((p) => [p.code, p] as const)));
      const seen = new Set<string>();
      s.recommendations = cmd.offers.map((o) => {
        if (!products.has(o.productCode)) {
          throw refuse('PRODUCT_UNKNOWN', `「${o.productCode}」不在本次业务的推荐产品中`, `"${o.productCode}" is not a product to recommend for these businesses`);
        }
        if (seen.has(o.productCode)) throw refuse('PRODUCT_TWICE', '同一产品只记录一次', 'Record each product once');
        seen.add(o.productCode);
        if (!['accepted', 'declined', 'not_applicable'].includes(o.outcome)) {
          throw refuse('OUTCOME_UNKNOWN', '请选择：接受、谢绝或不适用', 'Choose accepted, declined or not applicable');
        }
        const reason = o.outcome === 'not_applicable' ? requireReason(o.reason, '推荐「不适用」', 'Not applicable') : null;
        return { productCode: o.productCode, outcome: o.outcome, reason, at: now };
      });
      s.receipt = { status: 'pending', effectKey: `${id}:receipt`, attempt: 1, jobId: null, error: null };
      effects.push({ kind: 'printReceipt', key: s.receipt.effectKey, journeyId: id, data: receiptData(s, now) });
      break;
    }

    case 'retryReceipt': {
      expect('handover');
      if (s.receipt?.status !== 'failed') throw refuse('RECEIPT_NOT_FAILED', '小票没有打印失败，无需重打', 'The receipt did not fail; no reprint needed');
      const attempt = s.receipt.attempt + 1;
      s.receipt = { status: 'pending', effectKey: `${id}:receipt#${attempt}`, attempt, jobId: null, error: null };
      effects.push({ kind: 'printReceipt', key: s.receipt.effectKey, journeyId: id, data: receiptData(s, now) });
      break;
    }

    case 'handOver': {
      expect('handover');
      if (s.receipt?.status === 'failed') {
        throw refuse('RECEIPT_FAILED', '小票未能进入打印队列 — 请检查打印机后点「重打小票」', 'The receipt could not be queued — check the printer, then reprint');
      }
      if (s.receipt?.status !== 'queued') {
        throw refuse('RECEIPT_PENDING', '小票正在送往打印机，请稍候', 'The receipt is on its way to the printer — please wait');
      }
      const cardTaken = s.customer?.method === 'card' || s.customer?.method === 'manual';
      const missing: { zh: string; en: string }[] = [];
      if (cardTaken && !cmd.idCardReturned) missing.push({ zh: '证件已归还', en: 'ID card returned' });
      if (!cmd.documentsReturned) missing.push({ zh: '资料已归还', en: 'documents returned' });
      if (!cmd.receiptInFolder) missing.push({ zh: '凭证已入封套', en: 'receipt in the folder' });
      if (missing.length > 0) {
        throw refuse(
          'HANDOVER_INCOMPLETE',
          `资料凭证入封套：请确认 ${missing.map((m) => m.zh).join('、')}`,
          `Hand-over: please confirm ${missing.map((m) => m.en).join(', ')}`,
          { missing: missing.map((m) => m.en) },
        );
      }
      s.handover = { idCardReturned: cmd.idCardReturned, documentsReturned: true, receiptInFolder: true, at: now };
      break;
    }

    case 'farewell': {
      expect('farewell');
      s.farewellAt = now;
      s.closedAt = now;
      // The counter items the businesses used, by the catalog entry as chosen: the till's count explains them.
      const used = liveLines(s).filter((l) => Object.values(l.def.items).some((n) => n > 0)).map((l) => ({ code: l.code, items: l.def.items }));
      if (used.length > 0) effects.push({ kind: 'useItems', key: `${id}:items`, journeyId: id, lines: used });
      audit('journey.closed', {
        businesses: liveLines(s).map((l) => l.code),
        blocked: s.businesses.filter((l) => l.status === 'consent_refused').map((l) => l.code),
        durationMs: now - s.openedAt,
        dueFen: dueFen(s),
        tender: s.payment?.tender ?? null,
        manualEntry: s.customer?.manualEntry ?? false,
      });
      break;
    }

    case 'cancel': {
      closedGuard();
      const reason = requireReason(cmd.reason, '取消', 'Cancelling');
      if (s.payment?.status === 'posting') {
        throw refuse('PAYMENT_POSTING', '收款正在处理中，完成后才能取消', 'A payment is being posted — cancel once it has finished');
      }
      const paid = s.payment?.status === 'paid' ? s.payment : null;
      if (paid && paid.dueFen < 0) {
        throw refuse('PAID_OUT', '已向客户退还余额，不能取消 — 请联系值班经理处理', 'The balance was already paid out — this journey cannot be cancelled; call the duty manager');
      }
      s.cancel = {
        reason,
        at: now,
        atStep: s.step,
        refund: paid ? { amountFen: paid.dueFen, tender: paid.tender, effectKey: `${id}:refund`, status: 'pending', attempt: 1 } : null,
      };
      if (s.cancel.refund) {
        effects.push({ kind: 'refund', key: s.cancel.refund.effectKey, journeyId: id, amountFen: s.cancel.refund.amountFen, tender: s.cancel.refund.tender });
      }
      audit('journey.cancelled', { atStep: s.step, refundFen: s.cancel.refund?.amountFen ?? 0 });
      break;
    }

    case 'retryRefund': {
      const r = s.cancel?.refund;
      if (!r || r.status !== 'failed') throw refuse('REFUND_NOT_FAILED', '没有失败的退款需要重试', 'There is no failed refund to retry');
      r.attempt += 1;
      r.status = 'pending';
      r.effectKey = `${id}:refund#${r.attempt}`;
      effects.push({ kind: 'refund', key: r.effectKey, journeyId: id, amountFen: r.amountFen, tender: r.tender });
      break;
    }

    case 'effectDone': {
      if (s.payment?.effectKey === cmd.key && s.payment.status === 'posting') {
        s.payment.status = 'paid';
        s.payment.paidAt = now;
        // The drawer opens only once the sale (or pay-out) is on the till's books.
        if (s.payment.tender === 'cash') effects.push({ kind: 'kickDrawer', key: `${id}:drawer`, journeyId: id });
        audit('journey.paid', { tender: s.payment.tender, dueFen: s.payment.dueFen });
      } else if (s.receipt?.effectKey === cmd.key && s.receipt.status === 'pending') {
        s.receipt.status = 'queued';
        s.receipt.jobId = cmd.jobId ?? null;
      } else if (s.cancel?.refund?.effectKey === cmd.key && s.cancel.refund.status === 'pending') {
        s.cancel.refund.status = 'done';
        if (s.cancel.refund.tender === 'cash') effects.push({ kind: 'kickDrawer', key: `${id}:refund-drawer`, journeyId: id });
        audit('journey.refunded', { tender: s.cancel.refund.tender, amountFen: s.cancel.refund.amountFen });
      }
      break;
    }

    case 'effectFailed': {
      if (s.payment?.effectKey === cmd.key && s.payment.status === 'posting') {
        // Nothing reached the till: the clerk takes the payment again (maybe another way).
        s.payment.status = 'failed';
        s.payment.error = cmd.error;
      } else if (s.receipt?.effectKey === cmd.key && s.receipt.status === 'pending') {
        s.receipt.status = 'failed';
        s.receipt.error = cmd.error;
      } else if (s.cancel?.refund?.effectKey === cmd.key && s.cancel.refund.status === 'pending') {
        s.cancel.refund.status = 'failed';
      }
      break;
    }

    default: {
      const never: never = cmd;
      throw refuse('UNKNOWN_COMMAND', '未知操作', 'Unknown action', { command: (never as { type?: unknown }).type });
    }
  }

  const step = nextStep(s);
  if (step !== s.step) {
    s.step = step;
    s.stepLog.push({ step, at: now });
  }
  return { state: s, effects };
}

function lineOf(def: BusinessType): BusinessLine {
  return {
    code: def.code,
    def,
    // A business without copies needs no consent; one with copies waits for the answer.
    status: 'open',
    consent: null,
    fields: null,
    feeFen: 0,
    balanceRefundFen: 0,
    processedAt: null,
  };
}

function receiptData(s: JourneyState, now: number): ReceiptData {
  return {
    journeyId: s.journeyId,
    counterId: s.counterId,
    clerkId: s.clerkId,
    ticket: s.ticket,
    at: now,
    lines: liveLines(s).map((l) => ({
      code: l.code,
      name_zh: l.def.name_zh,
      name_en: l.def.name_en,
      feeFen: l.feeFen - l.balanceRefundFen,
      charged: l.def.takes_payment || l.balanceRefundFen > 0,
      fields: l.fields ?? {},
    })),
    dueFen: dueFen(s),
    payment: s.payment?.status === 'paid'
      ? { tender: s.payment.tender, tenderedFen: s.payment.tenderedFen, changeFen: s.payment.changeFen, reference: s.payment.reference }
      : null,
    idMasked: s.customer?.idMasked ?? null,
  };
}
