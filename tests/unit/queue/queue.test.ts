// The queue's pure parts: what the display shows and says for a call, ticket labels, the catalog's
// queue groups (older catalogs without them keep working; bad groups refused with their line),
// what the guide tells a customer turned away, and the duty manager's alert rule.
import { describe, expect, it } from 'vitest';
import { announcementText, DEFAULT_QUEUE_SETTINGS, spokenAnnouncement } from '../../../base/contract/queue';
import { parseCatalog, type CatalogProblem } from '../../../base/node/catalogYaml';
import { bundledCatalog } from '../../../hall/config/documents';
import { queueCatalogOf } from '../../../hall/queue/groups';
import { ticketLabel } from '../../../hall/queue/tickets';
import { alertsOf } from '../../../hall/queue/views';
import { whatToTell } from '../../../hall/queue/visits';
import { refusal } from '../../helpers/refusal';

const business = (extra = '') => `businesses:
  - code: top_up
    name_zh: 缴费充值
    name_en: Top-up
    id:
      required: false
    fee: { kind: entered, min_fen: 100, max_fen: 500000 }
    takes_payment: true
${extra}    recommend:
      - { code: e_bill, name_zh: 电子账单, name_en: E-bill }
  - code: plan_change
    name_zh: 套餐变更
    name_en: Plan change
    id: { required: true, accepted: [resident], service_password: true }
    fee: { kind: none }
    takes_payment: false
    recommend:
      - { code: e_bill, name_zh: 电子账单, name_en: E-bill }
`;

describe('the display’s announcement', () => {
  it('shows 请 A023 号到 3 号台席 and says the digits one by one', () => {
    expect(announcementText('A023', 3)).toBe('请 A023 号到 3 号台席');
    expect(spokenAnnouncement('A023', 3)).toBe('请A零二三号到3号台席');
    expect(spokenAnnouncement('C1000', 12)).toBe('请C一零零零号到12号台席');
  });

  it('labels tickets with the prefix and at least three digits', () => {
    expect(ticketLabel('A', 1)).toBe('A001');
    expect(ticketLabel('B', 23)).toBe('B023');
    expect(ticketLabel('C', 1234)).toBe('C1234');
  });
});

describe('the catalog’s queue groups', () => {
  it('an older catalog without groups serves every business in one group A, documents from its ID rule', () => {
    const q = queueCatalogOf(parseCatalog(`version: 1\n${business()}`), 0);
    expect(q.groups).toEqual([{ code: 'general', name_zh: '综合业务', name_en: 'General business', prefix: 'A' }]);
    expect(q.business('top_up')).toMatchObject({ group: 'general', documents: [], selfService: false });
    expect(q.business('plan_change')!.documents[0]!.nameZh).toBe('本人有效身份证件，或服务密码');
  });

  it('the shipped catalog groups its businesses and names what to bring', () => {
    const q = queueCatalogOf(parseCatalog(bundledCatalog()), 0);
    expect(q.groups.map((g) => g.prefix)).toEqual(['A', 'B', 'C']);
    expect(q.business('top_up')).toMatchObject({ group: 'payment', selfService: true });
    expect(q.business('account_closure')!.group).toBe('account');
    for (const b of q.businesses) expect(b.documents.length, b.code).toBeGreaterThan(0);
  });

  it('refuses an unknown group and a prefix used twice, with the line', () => {
    const text = `version: 1
queue_groups:
  - { code: general, name_zh: 综合, name_en: General, prefix: A }
  - { code: pay, name_zh: 缴费, name_en: Pay, prefix: A }
${business('    queue_group: nowhere\n')}`;
    const err = refusal(() => parseCatalog(text, 'test.yaml'));
    const problems = err.detail?.problems as CatalogProblem[];
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['queue_groups[1].prefix', 'businesses[0].queue_group']));
    expect(problems.find((p) => p.path === 'businesses[0].queue_group')!.line).toBe(text.split('\n').findIndex((l) => l.includes('queue_group: nowhere')) + 1);
    expect(problems.find((p) => p.path === 'queue_groups[1].prefix')!.reason_zh).toContain('号票前缀重复');
    const lower = refusal(() => parseCatalog(`version: 1\nqueue_groups:\n  - { code: g, name_zh: 组, name_en: G, prefix: a }\n${business()}`, 'test.yaml'));
    expect(JSON.stringify(lower.detail)).toContain('一个大写字母');
  });
});

describe('what the guide tells the customer', () => {
  const q = queueCatalogOf(parseCatalog(bundledCatalog()), 0);
  it('names the documents and why, kindly, and suggests coming back', () => {
    const t = whatToTell(q.business('owner_transfer')!, 'holder_absent');
    expect(t.zh).toContain('原机主有效身份证件原件');
    expect(t.zh).toContain('本人到场');
    expect(t.en).toContain('holder in person');
    expect(whatToTell(q.business('top_up')!, null).zh).toContain('自助缴费机');
  });
});

describe('the duty manager’s alert', () => {
  const g = { group: 'general', nameZh: '综合业务', nameEn: 'General', prefix: 'A', waiting: 0, longestWaitMs: 0, counters: [1] };
  it('fires past the waiting count or the longest wait, not at them', () => {
    expect(alertsOf([{ ...g, waiting: 15 }], DEFAULT_QUEUE_SETTINGS)).toEqual([]);
    expect(alertsOf([{ ...g, waiting: 16 }], DEFAULT_QUEUE_SETTINGS)[0]!.reason).toBe('waiting');
    expect(alertsOf([{ ...g, waiting: 2, longestWaitMs: 20 * 60_000 }], DEFAULT_QUEUE_SETTINGS)).toEqual([]);
    expect(alertsOf([{ ...g, waiting: 2, longestWaitMs: 20 * 60_000 + 1 }], DEFAULT_QUEUE_SETTINGS)[0]!.reason).toBe('wait_time');
  });
});
