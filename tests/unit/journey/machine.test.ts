import { describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import type { Catalog } from '../../../base/contract/catalog';
import { dueFen } from '../../../electron/core/journey/facts';
import { apply, startJourney } from '../../../electron/core/journey/machine';
import type { VerifiedCard } from '../../../base/contract/card';
import type { Effect, JourneyCommand, JourneyState, Step } from '../../../electron/core/journey/types';
import { describeJourney } from '../../../electron/core/journey/view';
import type { IdCard } from '../../../native/idcard/card';
import { card, ctx, defaultCatalog, ID_WANG, T0, withCheck } from './fixtures';

const catalog = defaultCatalog();
/** ID_WANG with a wrong check character. */
const BAD_ID = ID_WANG.slice(0, 17) + (ID_WANG.endsWith('1') ? '2' : '1');

/** Drives a journey one command at a time, a second apart, keeping every effect. */
class Driver {
  state: JourneyState;
  effects: Effect[] = [];
  t = T0;
  constructor(private readonly cat: Catalog = catalog) {
    this.state = startJourney({ journeyId: 'J1', counterId: 'C3', clerkId: '1024', now: this.t });
  }
  do(cmd: JourneyCommand): this {
    this.t += 1000;
    const r = apply(this.state, cmd, ctx(this.t, this.cat));
    this.state = r.state;
    this.effects.push(...r.effects);
    return this;
  }
  /** Acknowledges every effect of the given kind (what the service does after carrying it out). */
  ack(kind: Effect['kind'], jobId?: string): this {
    for (const e of this.effects.filter((x) => x.kind === kind)) this.do({ type: 'effectDone', key: e.key, ...(jobId ? { jobId } : {}) });
    return this;
  }
  refused(cmd: JourneyCommand, code: string): BilingualError {
    const before = structuredClone(this.state);
    try {
      apply(this.state, cmd, ctx(this.t + 1000, this.cat));
    } catch (e) {
      expect(e).toBeInstanceOf(BilingualError);
      const err = e as BilingualError;
      expect(err.code).toBe(code);
      expect(err.message_zh.length).toBeGreaterThan(3);
      expect(err.message_en.length).toBeGreaterThan(3);
      expect(this.state).toEqual(before);
      return err;
    }
    throw new Error(`expected ${code}, the command was accepted`);
  }
  fork(): Driver {
    const f = new Driver(this.cat);
    f.state = structuredClone(this.state);
    f.effects = [...this.effects];
    f.t = this.t;
    return f;
  }
  get step(): Step {
    return this.state.step;
  }
}

const NEW_LINE_FIELDS = { phone_number: '13800138000', plan: 'plan_58', sim_serial: '8986011234567890123' };

function toProcess(d = new Driver(), codes = ['new_line']): Driver {
  d.do({ type: 'greet', ticket: 'a023' })
    .do({ type: 'chooseBusinesses', codes })
    .do({ type: 'verifyCard', card: card(), faceConfirmed: true });
  for (const code of codes) {
    if (catalog.businesses.find((b) => b.code === code)!.copies.length > 0) d.do({ type: 'answerConsent', code, answer: 'agreed' });
  }
  return d;
}

function toPayment(): Driver {
  return toProcess().do({ type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 5800 });
}

function toRecommend(): Driver {
  return toPayment().do({ type: 'payCash', tenderedFen: 10000 }).ack('postCash');
}

function toHandover(): Driver {
  return toRecommend().do({ type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'declined' }] }).ack('printReceipt', 'job-7');
}

describe('journey machine: the standard new line', () => {
  it('walks every step in order and closes with the surname farewell', () => {
    const d = toHandover()
      .do({ type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true })
      .do({ type: 'farewell' });
    expect(d.state.stepLog.map((e) => e.step)).toEqual([
      'greet', 'need', 'verify', 'consent', 'process', 'payment', 'recommend', 'handover', 'farewell', 'closed',
    ]);
    expect(d.state.ticket).toBe('A023');
    expect(d.state.customer?.title.zh).toBe('王女士');
    expect(describeJourney(d.state).farewellLine?.zh).toBe('请慢走，王女士');
    expect(d.state.receipt?.jobId).toBe('job-7');
    expect(d.state.payment).toMatchObject({ status: 'paid', tender: 'cash', tenderedFen: 10000, changeFen: 4200, dueFen: 5800 });
    expect(d.effects.map((e) => e.kind)).toEqual(['postCash', 'kickDrawer', 'audit', 'printReceipt', 'useItems', 'audit']);
    expect(d.effects[0]).toMatchObject({ key: 'J1:pay', dueFen: 5800, tenderedFen: 10000, changeFen: 4200 });
    // Closing posts the counter items the businesses used, as the catalog entry had them when chosen.
    expect(d.effects[4]).toEqual({ kind: 'useItems', key: 'J1:items', journeyId: 'J1', lines: [{ code: 'new_line', items: { sim_card: 1, value_card: 0, invoice_paper: 0 } }] });
    expect(d.state.closedAt).toBe(d.t);
  });

  it('keeps only the masked ID number and its hash, never the number, name or address', () => {
    const d = toProcess();
    expect(d.state.customer).toMatchObject({ method: 'card', idMasked: `**************${ID_WANG.slice(-4)}`, manualEntry: false });
    const text = JSON.stringify(d.state);
    expect(text).not.toContain(ID_WANG);
    expect(text).not.toContain('王秀英');
    expect(text).not.toContain('建国路');
  });

  it('keeps phone numbers masked and validates fields against the catalog', () => {
    const d = toProcess();
    d.refused({ type: 'submitBusiness', code: 'new_line', fields: { ...NEW_LINE_FIELDS, phone_number: '1380013800' }, feeFen: 5800 }, 'JOURNEY_FIELD_INVALID');
    d.refused({ type: 'submitBusiness', code: 'new_line', fields: { ...NEW_LINE_FIELDS, plan: 'plan_999' }, feeFen: 5800 }, 'JOURNEY_FIELD_INVALID');
    d.refused({ type: 'submitBusiness', code: 'new_line', fields: { ...NEW_LINE_FIELDS, extra: 'x' }, feeFen: 5800 }, 'JOURNEY_FIELD_UNKNOWN');
    d.refused({ type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS }, 'JOURNEY_FEE_OUT_OF_RANGE');
    d.refused({ type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 100001 }, 'JOURNEY_FEE_OUT_OF_RANGE');
    d.do({ type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 5800 });
    expect(d.state.businesses[0]?.fields?.phone_number).toBe('138****8000');
    expect(d.step).toBe('payment');
  });

  it('does not mutate the state it is given', () => {
    const d = toProcess();
    const before = structuredClone(d.state);
    apply(d.state, { type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 5800 }, ctx(T0 + 99_000));
    expect(d.state).toEqual(before);
  });
});

describe('journey machine: order and what cannot be skipped', () => {
  it('refuses any step before its turn', () => {
    const d = new Driver();
    d.refused({ type: 'chooseBusinesses', codes: ['new_line'] }, 'JOURNEY_WRONG_STEP');
    d.do({ type: 'greet' });
    d.refused({ type: 'verifyCard', card: card(), faceConfirmed: true }, 'JOURNEY_WRONG_STEP');
    d.refused({ type: 'chooseBusinesses', codes: [] }, 'JOURNEY_NO_BUSINESS');
    d.refused({ type: 'chooseBusinesses', codes: ['teleport'] }, 'JOURNEY_UNKNOWN_BUSINESS');
    d.do({ type: 'chooseBusinesses', codes: ['new_line'] });
    expect(d.step).toBe('verify');
  });

  it('cannot skip ID verification when a chosen business requires ID', () => {
    const d = new Driver().do({ type: 'greet' }).do({ type: 'chooseBusinesses', codes: ['new_line'] });
    d.refused({ type: 'answerConsent', code: 'new_line', answer: 'agreed' }, 'JOURNEY_WRONG_STEP');
    d.refused({ type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 5800 }, 'JOURNEY_WRONG_STEP');
    d.refused({ type: 'verifyServicePassword', confirmed: true }, 'JOURNEY_PASSWORD_NOT_ENOUGH');
  });

  it('skips verify and consent only when no chosen business needs them', () => {
    const d = new Driver().do({ type: 'greet' }).do({ type: 'chooseBusinesses', codes: ['top_up'] });
    expect(d.step).toBe('process');
    const rail = describeJourney(d.state).rail;
    expect(rail.find((r) => r.step === 'verify')).toMatchObject({ status: 'skipped', reason_zh: '所选业务无需证件' });
    expect(rail.find((r) => r.step === 'consent')).toMatchObject({ status: 'skipped' });
    d.do({ type: 'submitBusiness', code: 'top_up', fields: { phone_number: '13900139000' }, feeFen: 5000 });
    expect(d.step).toBe('payment');
  });

  it('requires consent before processing a business that copies documents', () => {
    const d = new Driver().do({ type: 'greet' }).do({ type: 'chooseBusinesses', codes: ['new_line'] }).do({ type: 'verifyCard', card: card(), faceConfirmed: true });
    expect(d.step).toBe('consent');
    const prompt = describeJourney(d.state).consentPrompts[0];
    expect(prompt?.documents[0]?.purpose_zh).toContain('同意复印');
    d.refused({ type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 5800 }, 'JOURNEY_WRONG_STEP');
    d.refused({ type: 'answerConsent', code: 'top_up', answer: 'agreed' }, 'JOURNEY_NO_COPY_NEEDED');
    d.do({ type: 'answerConsent', code: 'new_line', answer: 'agreed' });
    expect(d.state.consentLog).toEqual([{ code: 'new_line', answer: 'agreed', at: d.t }]);
    expect(d.step).toBe('process');
  });

  it('requires payment when something is due', () => {
    const d = toPayment();
    d.refused({ type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'accepted' }] }, 'JOURNEY_WRONG_STEP');
    d.refused({ type: 'payCash', tenderedFen: 5799 }, 'JOURNEY_TENDER_SHORT');
    d.refused({ type: 'payCash', tenderedFen: 15800 }, 'JOURNEY_CHANGE_TOO_LARGE');
    d.refused({ type: 'payNonCash', tender: 'wechat', reference: '' }, 'JOURNEY_REFERENCE_INVALID');
    d.refused({ type: 'payOut' }, 'JOURNEY_NOTHING_TO_PAY_OUT');
    d.do({ type: 'payCash', tenderedFen: 5800 });
    // Posting is not paying: the step waits for the till.
    expect(d.step).toBe('payment');
    d.refused({ type: 'payCash', tenderedFen: 5800 }, 'JOURNEY_PAYMENT_POSTING');
    d.refused({ type: 'cancel', reason: '客户改主意' }, 'JOURNEY_PAYMENT_POSTING');
    d.ack('postCash');
    expect(d.step).toBe('recommend');
    expect(d.effects.filter((e) => e.kind === 'kickDrawer')).toHaveLength(1);
  });

  it('lets the clerk take the payment again, under a new key, when the till failed', () => {
    const d = toPayment().do({ type: 'payNonCash', tender: 'alipay', reference: 'AP2025060100001' });
    const first = d.effects.find((e) => e.kind === 'postNonCash')!;
    expect(first.key).toBe('J1:pay');
    d.do({ type: 'effectFailed', key: first.key, error: { code: 'TILL_NOT_OPEN', message_zh: '钱箱未开班', message_en: 'till not open' } });
    expect(d.state.payment).toMatchObject({ status: 'failed', error: { code: 'TILL_NOT_OPEN' } });
    expect(d.step).toBe('payment');
    d.do({ type: 'payCash', tenderedFen: 6000 });
    const second = d.effects.filter((e) => e.kind === 'postCash');
    expect(second.map((e) => e.key)).toEqual(['J1:pay#2']);
    d.ack('postCash');
    expect(d.state.payment).toMatchObject({ status: 'paid', tender: 'cash', changeFen: 200 });
  });

  it('skips payment when nothing is due (plan change by service password)', () => {
    const d = new Driver()
      .do({ type: 'greet' })
      .do({ type: 'chooseBusinesses', codes: ['plan_change'] })
      .do({ type: 'verifyServicePassword', confirmed: true })
      .do({ type: 'submitBusiness', code: 'plan_change', fields: { phone_number: '13700137000', new_plan: 'plan_88' } });
    expect(d.step).toBe('recommend');
    expect(describeJourney(d.state).rail.find((r) => r.step === 'payment')?.status).toBe('skipped');
    expect(d.state.customer).toMatchObject({ method: 'service_password', idMasked: null, title: { zh: '您' } });
  });

  it('requires at least one recommendation, with a reason when not applicable', () => {
    const d = toRecommend();
    d.refused({ type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true }, 'JOURNEY_WRONG_STEP');
    d.refused({ type: 'recommend', offers: [] }, 'JOURNEY_RECOMMEND_REQUIRED');
    d.refused({ type: 'recommend', offers: [{ productCode: 'broadband_bundle', outcome: 'not_applicable' }] }, 'JOURNEY_REASON_REQUIRED');
    d.refused({ type: 'recommend', offers: [{ productCode: 'e_invoice', outcome: 'declined' }] }, 'JOURNEY_PRODUCT_UNKNOWN');
    d.do({
      type: 'recommend',
      offers: [
        { productCode: 'broadband_bundle', outcome: 'not_applicable', reason: '客户已有宽带' },
        { productCode: 'data_pack_10g', outcome: 'accepted' },
      ],
    });
    expect(d.state.recommendations.map((r) => [r.productCode, r.outcome, r.reason])).toEqual([
      ['broadband_bundle', 'not_applicable', '客户已有宽带'],
      ['data_pack_10g', 'accepted', null],
    ]);
    expect(d.step).toBe('handover');
    const print = d.effects.find((e) => e.kind === 'printReceipt');
    expect(print).toMatchObject({ key: 'J1:receipt', data: { dueFen: 5800, payment: { tender: 'cash', changeFen: 4200 } } });
  });

  it('needs the receipt queued and all three hand-over ticks', () => {
    const d = toRecommend().do({ type: 'recommend', offers: [{ productCode: 'data_pack_10g', outcome: 'declined' }] });
    const all = { type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true } as const;
    d.refused(all, 'JOURNEY_RECEIPT_PENDING');
    d.do({ type: 'effectFailed', key: 'J1:receipt', error: { code: 'PRINTER_PAPER_OUT', message_zh: '缺纸', message_en: 'paper out' } });
    d.refused(all, 'JOURNEY_RECEIPT_FAILED');
    d.do({ type: 'retryReceipt' });
    d.do({ type: 'effectDone', key: 'J1:receipt#2', jobId: 'job-2' });
    for (const missing of ['idCardReturned', 'documentsReturned', 'receiptInFolder'] as const) {
      const err = d.refused({ ...all, [missing]: false }, 'JOURNEY_HANDOVER_INCOMPLETE');
      expect((err.detail?.missing as string[]).length).toBe(1);
    }
    d.refused({ type: 'farewell' }, 'JOURNEY_WRONG_STEP');
    d.do(all);
    expect(d.step).toBe('farewell');
    expect(d.state.receipt?.jobId).toBe('job-2');
  });

  it('does not ask for the ID card back when none was handed over', () => {
    const d = new Driver()
      .do({ type: 'greet' })
      .do({ type: 'chooseBusinesses', codes: ['top_up'] })
      .do({ type: 'submitBusiness', code: 'top_up', fields: { phone_number: '13900139000' }, feeFen: 10000 })
      .do({ type: 'payNonCash', tender: 'wechat', reference: 'WX4200001234' })
      .ack('postNonCash')
      .do({ type: 'recommend', offers: [{ productCode: 'auto_pay', outcome: 'accepted' }] })
      .ack('printReceipt', 'job-1');
    expect(d.effects.some((e) => e.kind === 'kickDrawer')).toBe(false);
    expect(describeJourney(d.state).handoverNeedsIdCard).toBe(false);
    d.refused({ type: 'handOver', idCardReturned: false, documentsReturned: true, receiptInFolder: false }, 'JOURNEY_HANDOVER_INCOMPLETE');
    d.do({ type: 'handOver', idCardReturned: false, documentsReturned: true, receiptInFolder: true }).do({ type: 'farewell' });
    expect(d.step).toBe('closed');
    expect(describeJourney(d.state).farewellLine?.zh).toBe('请慢走，您');
  });
});

describe('journey machine: ID checks', () => {
  it('takes the reader’s IdCard (the contract’s one card shape) as it is (checked by tsc)', () => {
    const fromReader: IdCard = { ...card(), sex: 'female', nameEn: null, nation: '汉', nationality: null, birthDate: '1985-03-01', issuer: null, validFrom: '2015-06-01', passNumber: null, issueCount: null };
    const asVerified: VerifiedCard = fromReader;
    const d = new Driver().do({ type: 'greet' }).do({ type: 'chooseBusinesses', codes: ['top_up', 'new_line'] }).do({ type: 'verifyCard', card: asVerified, faceConfirmed: true });
    expect(d.state.customer?.title.zh).toBe('王女士');
  });

  const atVerify = (cat?: Catalog, codes = ['new_line']) =>
    new Driver(cat).do({ type: 'greet' }).do({ type: 'chooseBusinesses', codes });

  it('refuses an expired card, by date or by the reader’s flag; long-term and today are valid', () => {
    atVerify().refused({ type: 'verifyCard', card: card({ validTo: '2025-05-31' }), faceConfirmed: true }, 'JOURNEY_ID_EXPIRED');
    atVerify().refused({ type: 'verifyCard', card: card({ expired: true }), faceConfirmed: true }, 'JOURNEY_ID_EXPIRED');
    expect(atVerify().do({ type: 'verifyCard', card: card({ validTo: '2025-06-01' }), faceConfirmed: true }).step).toBe('consent');
    expect(atVerify().do({ type: 'verifyCard', card: card({ validTo: 'long-term' }), faceConfirmed: true }).state.customer?.validTo).toBe('long-term');
  });

  it('refuses a bad check character, by computation or by the reader’s flag', () => {
    atVerify().refused({ type: 'verifyCard', card: card({ idNumber: BAD_ID }), faceConfirmed: true }, 'JOURNEY_ID_NUMBER_INVALID');
    atVerify().refused({ type: 'verifyCard', card: card({ idNumberValid: false }), faceConfirmed: true }, 'JOURNEY_ID_NUMBER_INVALID');
    expect(atVerify().do({ type: 'verifyCard', card: card({ idNumber: '11010519491231002X' }), faceConfirmed: true }).step).toBe('consent');
  });

  it('refuses a card type that any chosen business does not accept', () => {
    const strict = structuredClone(catalog);
    strict.businesses.find((b) => b.code === 'sim_replacement')!.id.accepted = ['resident'];
    const foreign = card({ cardType: 'foreign-2023', idNumber: withCheck('93315619850301002'), name: '', nameEn: 'SMITH, JOHN', sex: 'male' });
    const err = atVerify(strict, ['top_up', 'sim_replacement']).refused({ type: 'verifyCard', card: foreign, faceConfirmed: true }, 'JOURNEY_CARD_TYPE_NOT_ACCEPTED');
    expect(err.detail?.businesses).toEqual(['sim_replacement']);
    expect(err.message_zh).toContain('补换卡');
    const ok = atVerify(catalog, ['sim_replacement']).do({ type: 'verifyCard', card: foreign, faceConfirmed: true });
    expect(ok.state.customer?.title).toEqual({ zh: 'Smith先生', en: 'Mr. Smith' });
  });

  it('needs the clerk to confirm the face matches the card', () => {
    atVerify().refused({ type: 'verifyCard', card: card(), faceConfirmed: false }, 'JOURNEY_FACE_NOT_CONFIRMED');
  });

  it('accepts manual entry only with a reason, and flags it', () => {
    const entry = { cardType: 'resident' as const, name: '欧阳娜娜', sex: 'female' as const, idNumber: ID_WANG, validTo: '2030-01-01' };
    atVerify().refused({ type: 'verifyManual', entry, reason: ' ', faceConfirmed: true }, 'JOURNEY_REASON_REQUIRED');
    atVerify().refused({ type: 'verifyManual', entry: { ...entry, idNumber: BAD_ID }, reason: '芯片损坏', faceConfirmed: true }, 'JOURNEY_ID_NUMBER_INVALID');
    const d = atVerify().do({ type: 'verifyManual', entry, reason: '证件芯片损坏无法读取', faceConfirmed: true });
    expect(d.state.customer).toMatchObject({ method: 'manual', manualEntry: true, manualReason: '证件芯片损坏无法读取', title: { zh: '欧阳女士' } });
    expect(d.effects).toContainEqual(expect.objectContaining({ kind: 'audit', event: 'journey.id_manual' }));
    expect(JSON.stringify(d.effects)).not.toContain(ID_WANG);
  });
});

describe('journey machine: refused consent', () => {
  it('blocks only that business, offers an alternative, and the journey continues with the others', () => {
    const d = new Driver()
      .do({ type: 'greet' })
      .do({ type: 'chooseBusinesses', codes: ['new_line', 'top_up'] })
      .do({ type: 'verifyCard', card: card(), faceConfirmed: true })
      .do({ type: 'answerConsent', code: 'new_line', answer: 'refused' });
    expect(d.step).toBe('process');
    const view = describeJourney(d.state);
    expect(view.blocked).toEqual([expect.objectContaining({ code: 'new_line', instead_zh: expect.stringContaining('客户不同意复印') })]);
    expect(d.state.consentLog[0]).toMatchObject({ code: 'new_line', answer: 'refused', at: d.t });
    const err = d.refused({ type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 5800 }, 'JOURNEY_CONSENT_REFUSED');
    expect(err.message_zh).toContain('不同意复印');
    d.do({ type: 'submitBusiness', code: 'top_up', fields: { phone_number: '13900139000' }, feeFen: 2000 });
    expect(dueFen(d.state)).toBe(2000);
    d.do({ type: 'payCash', tenderedFen: 2000 }).ack('postCash');
    d.do({ type: 'recommend', offers: [{ productCode: 'e_bill', outcome: 'accepted' }] });
    const print = d.effects.find((e) => e.kind === 'printReceipt');
    expect(print?.kind === 'printReceipt' && print.data.lines.map((l) => l.code)).toEqual(['top_up']);
  });

  it('with every business refused, waits at consent: the customer may change their mind, or the clerk cancels', () => {
    const d = new Driver()
      .do({ type: 'greet' })
      .do({ type: 'chooseBusinesses', codes: ['sim_replacement'] })
      .do({ type: 'verifyCard', card: card(), faceConfirmed: true })
      .do({ type: 'answerConsent', code: 'sim_replacement', answer: 'refused' });
    expect(d.step).toBe('consent');
    expect(describeJourney(d.state).blocked).toHaveLength(1);
    d.refused({ type: 'submitBusiness', code: 'sim_replacement', fields: {} }, 'JOURNEY_WRONG_STEP');
    const changed = d.fork();
    changed.do({ type: 'answerConsent', code: 'sim_replacement', answer: 'agreed' });
    expect(changed.step).toBe('process');
    expect(changed.state.consentLog.map((c) => c.answer)).toEqual(['refused', 'agreed']);
    d.do({ type: 'cancel', reason: '客户不同意复印证件' });
    expect(d.state.cancel).toMatchObject({ atStep: 'consent', reason: '客户不同意复印证件', refund: null });
  });
});

describe('journey machine: several businesses in one journey', () => {
  it('verifies once, asks consent per copying business, processes each, and sums what is due', () => {
    const d = toProcess(new Driver(), ['new_line', 'vas_toggle', 'sim_replacement']);
    expect(d.step).toBe('process');
    expect(d.state.consentLog.map((c) => c.code)).toEqual(['new_line', 'sim_replacement']);
    d.do({ type: 'submitBusiness', code: 'vas_toggle', fields: { phone_number: '13800138000', service: 'color_ring', direction: 'subscribe' } });
    d.refused({ type: 'submitBusiness', code: 'vas_toggle', fields: {} }, 'JOURNEY_ALREADY_PROCESSED');
    d.do({ type: 'submitBusiness', code: 'new_line', fields: NEW_LINE_FIELDS, feeFen: 5800 });
    d.refused({ type: 'submitBusiness', code: 'sim_replacement', fields: { phone_number: '13600136000', sim_serial: '8986011234567890124' } }, 'JOURNEY_FIELD_INVALID');
    d.refused({ type: 'submitBusiness', code: 'sim_replacement', fields: { phone_number: '13600136000', owner_matches: true, sim_serial: '8986011234567890124' }, feeFen: 500 }, 'JOURNEY_FEE_FIXED');
    d.do({ type: 'submitBusiness', code: 'sim_replacement', fields: { phone_number: '13600136000', owner_matches: true, sim_serial: '8986011234567890124' } });
    expect(d.step).toBe('payment');
    expect(dueFen(d.state)).toBe(6800);
    const view = describeJourney(d.state);
    expect(view.products.map((p) => p.code)).toEqual(expect.arrayContaining(['broadband_bundle', 'video_vip', 'esim_watch']));
  });
});

describe('journey machine: cancellation and refund', () => {
  const reach: Record<string, () => Driver> = {
    greet: () => new Driver(),
    need: () => new Driver().do({ type: 'greet' }),
    verify: () => new Driver().do({ type: 'greet' }).do({ type: 'chooseBusinesses', codes: ['new_line'] }),
    consent: () => new Driver().do({ type: 'greet' }).do({ type: 'chooseBusinesses', codes: ['new_line'] }).do({ type: 'verifyCard', card: card(), faceConfirmed: true }),
    process: () => toProcess(),
    payment: () => toPayment(),
    recommend: () => toRecommend(),
    handover: () => toHandover(),
    farewell: () => toHandover().do({ type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true }),
  };

  for (const [step, make] of Object.entries(reach)) {
    it(`cancels at ${step} with a reason, and only with one`, () => {
      const d = make();
      expect(d.step).toBe(step);
      d.refused({ type: 'cancel', reason: '' }, 'JOURNEY_REASON_REQUIRED');
      d.do({ type: 'cancel', reason: '客户临时有事离开' });
      expect(d.step).toBe('cancelled');
      expect(d.state.cancel).toMatchObject({ atStep: step, reason: '客户临时有事离开', at: d.t });
      const paid = d.state.payment?.status === 'paid';
      expect(d.state.cancel?.refund !== null).toBe(paid);
      d.refused({ type: 'cancel', reason: '再次取消' }, 'JOURNEY_ENDED');
      d.refused({ type: 'greet' }, 'JOURNEY_WRONG_STEP');
    });
  }

  it('refunds a paid cash journey through the till and opens the drawer after the refund', () => {
    const d = toRecommend().do({ type: 'cancel', reason: '客户不想办了' });
    const refund = d.effects.find((e) => e.kind === 'refund');
    expect(refund).toMatchObject({ key: 'J1:refund', amountFen: 5800, tender: 'cash' });
    const kicksBefore = d.effects.filter((e) => e.kind === 'kickDrawer').length;
    d.do({ type: 'effectDone', key: 'J1:refund' });
    expect(d.state.cancel?.refund?.status).toBe('done');
    expect(d.effects.filter((e) => e.kind === 'kickDrawer').map((e) => e.key)).toContain('J1:refund-drawer');
    expect(d.effects.filter((e) => e.kind === 'kickDrawer')).toHaveLength(kicksBefore + 1);
  });

  it('refunds a non-cash journey to the same tender; a failed refund is retried under a new key', () => {
    const d = toPayment().do({ type: 'payNonCash', tender: 'unionpay', reference: 'UP88776655' }).ack('postNonCash');
    d.do({ type: 'cancel', reason: '号码不满意' });
    expect(d.effects.find((e) => e.kind === 'refund')).toMatchObject({ amountFen: 5800, tender: 'unionpay' });
    d.refused({ type: 'retryRefund' }, 'JOURNEY_REFUND_NOT_FAILED');
    d.do({ type: 'effectFailed', key: 'J1:refund', error: { code: 'TILL_NOT_OPEN', message_zh: '失败', message_en: 'failed' } });
    d.do({ type: 'retryRefund' });
    expect(d.effects.filter((e) => e.kind === 'refund').map((e) => e.key)).toEqual(['J1:refund', 'J1:refund#2']);
    expect(d.effects.some((e) => e.kind === 'kickDrawer')).toBe(false);
  });

  it('pays out a closed account’s balance in cash, and then refuses to cancel', () => {
    const d = new Driver()
      .do({ type: 'greet' })
      .do({ type: 'chooseBusinesses', codes: ['account_closure'] })
      .do({ type: 'verifyCard', card: card({ name: '李明', sex: 'male' }), faceConfirmed: true })
      .do({ type: 'answerConsent', code: 'account_closure', answer: 'agreed' })
      .do({ type: 'submitBusiness', code: 'account_closure', fields: { phone_number: '13800138000', bills_settled: true }, balanceRefundFen: 1234 });
    expect(dueFen(d.state)).toBe(-1234);
    d.refused({ type: 'payCash', tenderedFen: 0 }, 'JOURNEY_NOTHING_DUE');
    d.do({ type: 'payOut' });
    expect(d.effects.find((e) => e.kind === 'refund')).toMatchObject({ key: 'J1:pay', amountFen: 1234, tender: 'cash' });
    d.ack('refund');
    expect(d.step).toBe('recommend');
    d.refused({ type: 'cancel', reason: '客户反悔' }, 'JOURNEY_PAID_OUT');
    expect(d.state.customer?.title.zh).toBe('李先生');
  });
});
