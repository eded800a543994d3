/**
 * The audit log in words a duty manager reads: each kind of entry by its Chinese (or English)
 * name, and its detail as labelled text — amounts in yuan, durations in hours and minutes, times
 * on the hall's clock, people by name and number, codes by what they mean. A kind or a field
 * this list does not know yet still shows, by its own name: nothing in the log is hidden.
 */
import { EARLY_REASON_CODES } from '../../../base/contract/till';
import { dateTime, duration, yuan } from '../format';

type Text = { zh: string; en: string };
const T = (zh: string, en: string): Text => ({ zh, en });

/** The areas of the log, for the action filter (the kind's first word). */
export const AUDIT_AREAS: Record<string, Text> = {
  signin: T('登录', 'Sign-in'),
  signout: T('退出', 'Sign-out'),
  session: T('锁屏', 'Screen lock'),
  approval: T('审批', 'Approvals'),
  staff: T('员工', 'Staff'),
  settings: T('设置', 'Settings'),
  till: T('钱箱', 'Till'),
  journey: T('客户服务', 'Customer service'),
  print: T('打印', 'Printing'),
  pii: T('个人信息查看', 'Personal data'),
  retention: T('个人信息清除', 'Retention'),
  data: T('数据导出', 'Data export'),
};

export const AUDIT_KINDS: Record<string, Text> = {
  'signin.ok': T('登录', 'Signed in'),
  'signin.fail': T('登录失败', 'Sign-in failed'),
  signout: T('退出登录', 'Signed out'),
  'signout.refused': T('退出被拒（服务未结束）', 'Sign-out refused (a customer is open)'),
  'session.lock': T('锁屏', 'Screen locked'),
  'session.unlock': T('解锁', 'Unlocked'),
  'session.unlock_fail': T('解锁失败', 'Unlock failed'),
  'session.ended': T('登录被结束', 'Signed out by the system'),
  'counter.takeover': T('值班经理接管台席', 'Counter taken over by the duty manager'),
  'counter.takeover_fail': T('接管台席被拒', 'Counter takeover refused'),
  'rpc.refused': T('操作被拒', 'Action refused'),
  'approval.grant': T('审批通过', 'Approval granted'),
  'approval.refuse': T('审批被拒', 'Approval refused'),
  'staff.setup': T('创建首位管理员', 'First administrator created'),
  'staff.create': T('添加员工', 'Staff added'),
  'staff.role': T('更改角色', 'Role changed'),
  'staff.secret_reset': T('重置密码', 'Password reset'),
  'staff.secret_change': T('修改本人密码', 'Own password changed'),
  'staff.deactivate': T('停用员工', 'Staff deactivated'),
  'settings.change': T('修改设置', 'Settings changed'),
  'till.opened': T('开班', 'Till opened'),
  'till.counted': T('提交点钞', 'Count submitted'),
  'till.settled': T('结账', 'Settled'),
  'till.handover': T('上缴营业款', 'Takings handed over'),
  'till.settlement_refused': T('未到时间，结账被拒', 'Settlement refused (before closing)'),
  'till.early_approved': T('批准提前结账', 'Early settlement approved'),
  'till.early_override_refused': T('提前结账审批被拒', 'Early settlement approval refused'),
  'till.variance_approved': T('批准长短款', 'Variance approved'),
  'till.variance_approval_refused': T('长短款审批被拒', 'Variance approval refused'),
  'till.clock_jump': T('电脑时间跳变', 'Clock jumped'),
  'till.clock_rollback': T('电脑时间倒退', 'Clock went back'),
  'till.clock_approved': T('批准时间核对', 'Clock check approved'),
  'till.recount_approved': T('批准重新点钞', 'Recount approved'),
  'till.offline_approved': T('批准离线结账（大厅服务器不可达）', 'Offline settlement approved (hall server unreachable)'),
  'till.takeover': T('接管钱箱', 'Till taken over'),
  'till.report_printed': T('打印结账单', 'Z report printed'),
  'till.report_reprinted': T('重印结账单', 'Z report reprinted'),
  'journey.paid': T('收款', 'Payment taken'),
  'journey.refunded': T('退款', 'Refunded'),
  'journey.closed': T('服务完成', 'Service completed'),
  'journey.cancelled': T('取消服务', 'Service cancelled'),
  'journey.consent_refused': T('客户不同意复印', 'Copy refused by the customer'),
  'journey.id_manual': T('手工录入证件', 'ID typed by hand'),
  'journey.receipt_withheld': T('回单未放入封套', 'Receipt not in the folder'),
  'print.reprint': T('重印', 'Reprint'),
  'print.failed': T('打印失败', 'Print failed'),
  'print.interrupted': T('打印中断，补打', 'Print interrupted, sent again'),
  'print.cancelled': T('取消打印', 'Print cancelled'),
  'pii.view': T('查看证件信息', 'ID data viewed'),
  'retention.purge': T('清除过期个人信息', 'Expired personal data purged'),
  'data.export': T('导出数据', 'Data exported'),
  'privacy.key_moved': T('个人信息密钥移入密钥库', 'Personal-data key moved into the key store'),
  'hall.enrol': T('登记到大厅服务器', 'Enrolled with the hall server'),
  'hall.forget': T('解除大厅服务器登记', 'Hall server enrolment removed'),
};

/** Field names as the manager reads them. */
const FIELDS: Record<string, Text> = {
  journeyId: T('服务流水', 'Journey'),
  sessionId: T('钱箱班次', 'Till session'),
  counterId: T('台席', 'Counter'),
  staffNo: T('员工', 'Staff'),
  approver: T('审批人', 'Approver'),
  varianceApprover: T('长短款审批人', 'Variance approver'),
  requester: T('申请人', 'Requested by'),
  handedBy: T('上缴人', 'Handed over by'),
  receivedBy: T('接收人', 'Received by'),
  by: T('操作人', 'By'),
  sessionOf: T('锁屏的是', 'Session of'),
  role: T('角色', 'Role'),
  purpose: T('事由', 'For'),
  refusal: T('拒绝原因', 'Refused because'),
  reason: T('原因', 'Reason'),
  reasonCode: T('原因', 'Reason'),
  reasonText: T('说明', 'Explanation'),
  code: T('结果', 'Outcome'),
  tender: T('付款方式', 'Paid by'),
  dueFen: T('应收', 'Due'),
  amountFen: T('金额', 'Amount'),
  refundFen: T('退款', 'Refund'),
  floatFen: T('备用金', 'Float'),
  varianceFen: T('长短款', 'Variance'),
  countedFen: T('实点', 'Counted'),
  expectedFen: T('应有', 'Expected'),
  durationMs: T('用时', 'Took'),
  jumpMs: T('跳变', 'Jump'),
  minutesEarly: T('提前', 'Early by'),
  at: T('时间', 'At'),
  latestMs: T('此前最晚记录', 'Latest entry before'),
  atStep: T('取消于', 'At step'),
  businesses: T('业务', 'Businesses'),
  blocked: T('未能办理', 'Not done'),
  business: T('业务', 'Business'),
  cardType: T('证件类型', 'Card type'),
  manualEntry: T('手工录入', 'Typed by hand'),
  jobId: T('打印任务', 'Print job'),
  jobState: T('当时打印状态', 'Print job then'),
  originalId: T('原任务', 'Original job'),
  reprintNo: T('重印次数', 'Reprint no.'),
  cause: T('原因', 'Cause'),
  zNo: T('结账单', 'Z report'),
  copyNo: T('份数', 'Copy'),
  bagNo: T('缴款袋号', 'Bag'),
  sealNo: T('封签号', 'Seal'),
  attemptNo: T('第几次点钞', 'Count no.'),
  earlyApprovalId: T('提前结账审批', 'Early approval'),
  block: T('原因', 'Blocked by'),
  action: T('操作', 'Action'),
  openJourneys: T('未结束的服务', 'Open customers'),
  fields: T('查看内容', 'Fields'),
  ref: T('服务流水', 'Record'),
  days: T('保留天数', 'Kept days'),
  cutoff: T('清除此前', 'Purged before'),
  tables: T('清除数量', 'Purged rows'),
  kind: T('类型', 'Kind'),
  changes: T('改动', 'Changes'),
  message: T('说明', 'Note'),
};

const VALUES: Record<string, Record<string, Text>> = {
  tender: { cash: T('现金', 'cash'), wechat: T('微信', 'WeChat'), alipay: T('支付宝', 'Alipay'), unionpay: T('银联卡', 'UnionPay') },
  role: { clerk: T('营业员', 'clerk'), duty_manager: T('值班经理', 'duty manager'), admin: T('管理员', 'administrator') },
  refusal: {
    missing: T('未填写审批人', 'no approver given'),
    bad_credentials: T('工号或密码不正确', 'wrong staff number or password'),
    self_approval: T('不能审批自己', 'cannot approve oneself'),
    not_manager: T('审批人不是值班经理', 'approver is not a duty manager'),
  },
  block: {
    before_close: T('未到营业结束时间', 'before closing time'),
    open_journey: T('还有客户服务未结束', 'a customer is still open'),
    clock_jump: T('电脑时间跳变，需核对', 'clock jumped, needs a check'),
    clock_rollback: T('电脑时间倒退', 'clock went back'),
  },
  action: { count: T('点钞', 'count'), settle: T('结账', 'settle') },
  purpose: {
    'till.settle_early': T('提前结账', 'early settlement'),
    'till.variance': T('长短款', 'variance'),
    'till.clock': T('时间核对', 'clock check'),
    'till.handover': T('营业款上缴', 'takings hand-over'),
    'print.reprint': T('重印', 'reprint'),
    'journey.verify': T('核对证件', 'ID check'),
  },
  reason: {
    print_later: T('稍后补打', 'print later'),
    declined: T('客户不要纸质回单', 'customer declined paper'),
    idle: T('空闲自动锁屏', 'idle'),
    manual: T('营业员锁屏', 'by the clerk'),
  },
  reasonCode: {
    illness: T('身体不适', 'illness'),
    equipment_failure: T('设备故障', 'equipment failure'),
    management_instruction: T('上级安排', 'management instruction'),
    other: T('其他', 'other'),
  },
  cause: { restart: T('程序重启', 'restart'), link: T('打印机连接中断', 'printer link lost') },
  jobState: { queued: T('排队中', 'queued'), printing: T('打印中', 'printing'), printed: T('已打印', 'printed'), failed: T('失败', 'failed') },
  atStep: {
    greet: T('迎候', 'greet'), need: T('询问需要', 'need'), verify: T('核对证件', 'verify'), consent: T('复印征得同意', 'consent'), process: T('业务受理', 'process'),
    payment: T('收银', 'payment'), recommend: T('业务推荐', 'recommend'), handover: T('资料入封套', 'hand-over'), farewell: T('送客', 'farewell'),
  },
  cardType: { resident: T('居民身份证', 'resident ID'), 'hmt-permit': T('港澳台居民居住证', 'HK/Macau/Taiwan permit'), 'foreign-2017': T('外国人永居证（2017）', 'foreign PR card (2017)'), 'foreign-2023': T('外国人永居证（2023）', 'foreign PR card (2023)') },
  fields: { name: T('姓名', 'name'), id_number: T('证件号码', 'ID number'), birth_date: T('出生日期', 'birth date'), address: T('住址', 'address'), photo: T('照片', 'photo') },
  code: {
    SIGNIN_FAILED: T('工号或密码不正确', 'wrong staff number or password'),
    SIGNIN_LOCKED_OUT: T('已被暂时锁定', 'locked out'),
    COUNTER_BUSY: T('台席已有人登录', 'counter in use'),
    UNLOCK_NOT_ALLOWED: T('无权解锁', 'not allowed to unlock'),
    STAFF_INACTIVE: T('工号已停用', 'staff number deactivated'),
    STAFF_NOT_FOUND: T('没有这个工号', 'no such staff number'),
    APPROVAL_SELF: T('不能审批自己', 'cannot approve oneself'),
    APPROVAL_ROLE: T('审批人不是值班经理', 'approver is not a duty manager'),
    PRINTER_TIMEOUT: T('打印机未确认', 'printer did not confirm'),
    PRINTER_PAPER_OUT: T('打印机缺纸', 'paper out'),
  },
};
for (const c of EARLY_REASON_CODES) VALUES.reasonCode![c] ??= T(c, c);

export interface AuditContext {
  lang: string;
  /** Staff number → name, for every person the log may name. */
  names: Map<string, string>;
  /** Business code → name (from the catalog). */
  businesses: Map<string, Text>;
}

const pick = (t: Text, lang: string) => (lang === 'en' ? t.en : t.zh);

/** The kind's name; an unknown kind shows its area's name and the kind itself. */
export function kindLabel(kind: string, lang: string): string {
  const known = AUDIT_KINDS[kind];
  if (known) return pick(known, lang);
  const area = AUDIT_AREAS[kind.split('.')[0] ?? ''];
  return area ? `${pick(area, lang)}（${kind}）` : kind;
}

/** 王丽（1024）, or the number alone when the name is unknown. */
export function personLabel(staffNo: string | null, ctx: AuditContext): string {
  if (!staffNo) return ctx.lang === 'en' ? 'system' : '系统';
  const name = ctx.names.get(staffNo);
  return name ? `${name}（${staffNo}）` : staffNo;
}

const PEOPLE = new Set(['staffNo', 'approver', 'varianceApprover', 'requester', 'handedBy', 'receivedBy', 'by', 'sessionOf']);

function valueText(key: string, v: unknown, ctx: AuditContext): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return ctx.lang === 'en' ? (v ? 'yes' : 'no') : v ? '是' : '否';
  if (typeof v === 'number') {
    if (/Fen$/.test(key)) return yuan(v);
    if (key === 'durationMs' || key === 'jumpMs') return duration(Math.abs(v), ctx.lang);
    if (key === 'minutesEarly') return duration(v * 60_000, ctx.lang);
    if (key === 'at' || key === 'cutoff' || key === 'latestMs' || /At$/.test(key)) return dateTime(v);
    if (key === 'zNo') return `Z${v}`;
    return String(v);
  }
  if (typeof v === 'string') {
    if (PEOPLE.has(key)) return personLabel(v, ctx);
    const mapped = VALUES[key]?.[v];
    if (mapped) return pick(mapped, ctx.lang);
    if (key === 'business') return ctx.businesses.has(v) ? pick(ctx.businesses.get(v)!, ctx.lang) : v;
    return v;
  }
  if (Array.isArray(v)) {
    const sep = ctx.lang === 'en' ? ', ' : '、';
    if (v.length === 0) return ctx.lang === 'en' ? 'none' : '无';
    return v
      .map((x) => (key === 'businesses' || key === 'blocked' ? valueText('business', x, ctx) : valueText(key, x, ctx)))
      .join(sep);
  }
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${fieldLabel(k, ctx.lang)} ${valueText(k, x, ctx)}`)
      .join(ctx.lang === 'en' ? ', ' : '，');
  }
  return String(v);
}

function fieldLabel(key: string, lang: string): string {
  const f = FIELDS[key];
  return f ? pick(f, lang) : key;
}

/**
 * The detail as labelled parts: [{label: '付款方式', value: '现金'}, …]. The counter and the
 * time are shown in their own columns, so they are left out here.
 */
export function detailParts(detail: Record<string, unknown>, ctx: AuditContext): { label: string; value: string }[] {
  return Object.entries(detail)
    .filter(([k]) => k !== 'counterId' && k !== 'at')
    .map(([k, v]) => ({ label: fieldLabel(k, ctx.lang), value: valueText(k, v, ctx) }));
}
