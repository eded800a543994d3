// The audit viewer's words: every kind the core writes has a name, details read as labelled text.
import { describe, expect, it } from 'vitest';
import { AUDIT_KINDS, detailParts, kindLabel, personLabel, type AuditContext } from '../../../renderer/src/audit/describe';
import { AUDIT_KINDS as CORE_KINDS } from '../../../electron/core/audit/kinds';
import { setDisplayTimeZone } from '../../../renderer/src/format';

const ctx: AuditContext = {
  lang: 'zh-CN',
  names: new Map([['1024', '王丽'], ['8001', '李经理']]),
  businesses: new Map([['new_line', { zh: '新装入网', en: 'New line' }]]),
};
const text = (d: Record<string, unknown>, c = ctx) => detailParts(d, c).map((p) => `${p.label} ${p.value}`).join('；');

describe('audit viewer words', () => {
  it('names every kind the core’s own list defines, in Chinese and English', () => {
    for (const kind of Object.values(CORE_KINDS)) {
      expect(AUDIT_KINDS[kind], kind).toBeDefined();
      expect(kindLabel(kind, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(kindLabel(kind, 'en')).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(kindLabel('journey.closed', 'zh-CN')).toBe('服务完成');
    expect(kindLabel('pii.view', 'zh-CN')).toBe('查看证件信息');
    // A kind added later still shows, under its area's name.
    expect(kindLabel('till.some_new_thing', 'zh-CN')).toBe('钱箱（till.some_new_thing）');
  });

  it('names people with their number; nobody is the system', () => {
    expect(personLabel('1024', ctx)).toBe('王丽（1024）');
    expect(personLabel('7777', ctx)).toBe('7777');
    expect(personLabel(null, ctx)).toBe('系统');
  });

  it('reads details as labelled text: yuan, hours and minutes, names, meanings — never JSON', () => {
    setDisplayTimeZone('Asia/Shanghai');
    expect(text({ journeyId: 'j1', businesses: ['new_line'], blocked: [], durationMs: 192_000, dueFen: 5800, tender: 'cash', manualEntry: false })).toBe(
      '服务流水 j1；业务 新装入网；未能办理 无；用时 3 分 12 秒；应收 ￥58.00；付款方式 现金；手工录入 否',
    );
    expect(text({ sessionId: 3, staffNo: '1024', approver: '8001', reasonCode: 'equipment_failure', minutesEarly: 463, at: Date.UTC(2026, 10, 26, 2, 3, 5) })).toBe(
      '钱箱班次 3；员工 王丽（1024）；审批人 李经理（8001）；原因 设备故障；提前 7 小时 43 分',
    );
    expect(text({ fields: ['name', 'id_number'], purpose: 'journey.verify', ref: 'j1' })).toBe('查看内容 姓名、证件号码；事由 核对证件；服务流水 j1');
    expect(text({ reason: 'print_later', jobId: '7', jobState: 'queued' })).toBe('原因 稍后补打；打印任务 7；当时打印状态 排队中');
    expect(text({ refusal: 'self_approval', approver: '1024' })).toBe('拒绝原因 不能审批自己；审批人 王丽（1024）');
    expect(text({ cutoff: Date.UTC(2026, 10, 26, 2, 3, 5), tables: { journeys: 3 } })).toBe('清除此前 2026-11-26 10:03:05；清除数量 journeys 3');
    for (const d of [{ a: { b: 1 } }, { x: [1, 2] }]) expect(text(d)).not.toMatch(/[{}"]/);
  });

  it('speaks English when the screen does', () => {
    expect(text({ tender: 'wechat', durationMs: 192_000 }, { ...ctx, lang: 'en' })).toBe('Paid by WeChat；Took 3 min 12 s');
  });
});
