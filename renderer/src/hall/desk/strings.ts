/**
 * The desk's strings (Chinese first, English), added to the hall page's i18n under `desk.*` when
 * the desk is imported, so the desk keeps its words beside its code.
 */
import { hallI18n } from '../i18n';

export const deskZhCN = {
  tab: '值班经理台',
  sections: { figures: '数据', reports: '报表', spot: '巡视抽查', morning: '晨会与班前检查', supervision: '现场监督', lunch: '用餐安排' },
  period: { day: '日', week: '周', month: '月', range: '自定义', label: '统计周期', prev: '上期' },
  filter: { counters: '台席', clerk: '营业员', business: '业务', all: '全部', apply: '查询', reset: '重置' },
  kpi: {
    journeys: '接待笔数', businesses: '业务量', handling: '办理时长中位数 / P90', utilisation: '台席利用率', rec: '推荐成功 / 推荐', cancelled: '取消', refunds: '退款',
    manual: '手工录入证件', consents: '拒绝授权', cash: '长款 / 短款', early: '提前结账 尝试/批准/拒绝', reprints: '重打', vsPrev: '较上期',
  },
  chart: { business: '业务量（本期与上期）', daily: '每日接待笔数', steps: '各环节用时（秒）', utilisation: '台席利用率（按小时）', median: '中位数', p90: 'P90', current: '本期', previous: '上期' },
  table: {
    business: '按业务', counters: '各台席', clerks: '各营业员', steps: '各环节', code: '业务', count: '本期', prev: '上期', change: '环比', counter: '台席', clerk: '营业员',
    name: '姓名', journeys: '接待', businesses: '业务量', handlingMedian: '时长中位数', handlingP90: '时长P90', utilisation: '利用率', recommend: '推荐/成功',
    consents: '拒绝授权', manual: '手工录入', cancelled: '取消', refunds: '退款', over: '长款', short: '短款', early: '提前结账', reprints: '重打', spot: '抽查均分', step: '环节', n: '次数', median: '中位数', p90: 'P90',
  },
  steps: { greet: '起立迎候', need: '询问需求', verify: '证件核对', consent: '告知授权', process: '业务受理', payment: '收银', recommend: '业务推荐', handover: '资料入封套', farewell: '起身送客', closed: '结束' },
  drill: {
    title: '业务明细（证件号已脱敏）', total: '共 {{n}} 笔', opened: '开始时间', duration: '时长', status: '状态', id: '证件号', ticket: '号票', refund: '退款',
    kinds: { all: '全部业务', business: '业务：{{v}}', cancelled: '取消的业务', refund: '有退款的业务', manual: '手工录入证件', consentRefused: '拒绝授权', recOffered: '有推荐', recAccepted: '推荐成功', counter: '{{v}}号台席', clerk: '营业员 {{v}}', slowerThan: '时长 ≥ {{v}}' },
    closed: '完成', cancelledStatus: '取消', hint: '点击图表或表格中的数字查看背后的业务',
  },
  export: { csv: '导出 CSV', xlsx: '导出 Excel', done: '已导出 {{file}}（{{n}} 行），已记入审计' },
  reports: {
    title: '报表', generate: '生成', kind: '种类', date: '日期', daily: '日报', weekly: '周报', monthly: '月报', list: '已有报表', period: '周期', status: '状态', draft: '草稿',
    submitted: '已提交', due: '截止', submittedAt: '提交于 {{at}}（{{by}}）', open: '查看', print: '打印', submit: '提交', submitConfirm: '提交后报表锁定，不能再修改。确定提交？',
    save: '保存备注', saved: '备注已保存', anomalies: '异常情况', noAnomalies: '未发现异常',
    comments: { summary: '总体情况', anomalies: '异常说明及处理', staff: '员工情况', plan: '下阶段计划' },
    locked: '此报表已提交，内容已锁定。',
  },
  spot: {
    title: '现场巡视抽查', onDuty: '在岗营业员 {{n}} 人，按规定应抽查 {{k}} 人', rule: '规则：不足5人全员检查；5–20人抽查50%；20人以上抽查30%（向上取整）',
    draw: '随机抽取', drawn: '本次抽取', checked: '今日已检查', none: '现在没有营业员在台席登录', form: '评分表', staff: '被检查人', notes: '备注', file: '记入工作日志',
    filed: '已记入工作日志', log: '工作日志（今日）', scores: { smile: '微笑', initiative: '主动性', standard: '规范性', proficiency: '业务熟练', speed: '办理速度', correctness: '操作正确' },
    average: '均分', at: '时间', checker: '检查人',
  },
  morning: {
    meeting: '班前会记录', date: '日期', attendees: '参会人员（工号）', topics: '议题（回车添加）', praise: '表扬（先表扬，班前不批评）', notes: '其他', save: '保存记录',
    saved: '班前会记录已保存', checklist: '班前检查', monday: '今天是周一：请巡检消防栓和灭火器', ok: '正常', note: '情况说明', reported: '台席上次清点：{{v}}',
    groups: { A: 'A 环境卫生', B: 'B 台席物品', C: 'C 单据与资源', D: 'D 设备运转', E: 'E 消防安全（每周一）' }, recordedBy: '记录人 {{by}} · {{at}}',
  },
  supervision: {
    title: '现场监督', day: '营业日', counter: '台席', till: '钱箱', clerk: '营业员', settled: '结账', variance: '长短款', bag: '缴款袋 / 封签', received: '接收人', missing: '缺',
    unsettled: '未结账', bagMissing: '缴款袋未交', early: '提前结账记录', earlyNone: '今日没有提前结账', takings: '已交款 {{n}} 袋，合计 ¥{{amount}}', close: '确认日终',
    closeConfirm: '确认所有台席已结账、营业款已上缴，关闭今天？', closed: '{{day}} 已于 {{at}} 由 {{by}} 日终', ready: '可以日终', notReady: '尚不能日终',
    notify: '{{counter}}号台席 {{staff}} 提前结账：{{outcome}}（提前 {{min}} 分钟）', outcomes: { refused: '已拦截', approved: '已批准', override_refused: '批准被拒' }, at: '时间', outcome: '结果', minutes: '提前(分钟)', approver: '批准人',
  },
  till: { none: '未开', open: '营业中', counting: '点钞中', settled: '已结账', handed_over: '已交款', unknown: '无心跳' },
  lunch: {
    title: '用餐轮换', minOpen: '至少开放台席', onDuty: '在岗 {{n}} 人', slot: '时段', start: '开始', end: '结束', staff: '用餐人员', add: '添加时段', remove: '删除', save: '保存安排',
    saved: '用餐安排已保存', queue: '当前排队 {{n}} 人', queueUnknown: '排队人数未知（大厅尚无排队系统）',
  },
};

type Strings = typeof deskZhCN;
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const deskEn: Widen<Strings> = {
  tab: 'Duty desk',
  sections: { figures: 'Figures', reports: 'Reports', spot: 'Spot checks', morning: 'Morning', supervision: 'Supervision', lunch: 'Lunch rotation' },
  period: { day: 'Day', week: 'Week', month: 'Month', range: 'Range', label: 'Period', prev: 'Previous' },
  filter: { counters: 'Counters', clerk: 'Clerk', business: 'Business', all: 'All', apply: 'Show', reset: 'Reset' },
  kpi: {
    journeys: 'Journeys', businesses: 'Businesses', handling: 'Handling median / p90', utilisation: 'Utilisation', rec: 'Accepted / recommended', cancelled: 'Cancelled', refunds: 'Refunds',
    manual: 'Manual ID entries', consents: 'Consents refused', cash: 'Over / short', early: 'Early settlement tried/approved/refused', reprints: 'Reprints', vsPrev: 'vs previous',
  },
  chart: { business: 'Volume by business (this and previous period)', daily: 'Journeys per day', steps: 'Time per step (s)', utilisation: 'Utilisation by hour', median: 'Median', p90: 'p90', current: 'This period', previous: 'Previous' },
  table: {
    business: 'By business', counters: 'Per counter', clerks: 'Per clerk', steps: 'Per step', code: 'Business', count: 'This period', prev: 'Previous', change: 'Change', counter: 'Counter', clerk: 'Clerk',
    name: 'Name', journeys: 'Journeys', businesses: 'Businesses', handlingMedian: 'Median time', handlingP90: 'p90 time', utilisation: 'Utilisation', recommend: 'Recommended/accepted',
    consents: 'Consents refused', manual: 'Manual ID', cancelled: 'Cancelled', refunds: 'Refunds', over: 'Over', short: 'Short', early: 'Early settlement', reprints: 'Reprints', spot: 'Spot-check avg', step: 'Step', n: 'Count', median: 'Median', p90: 'p90',
  },
  steps: { greet: 'Greet', need: 'Ask the need', verify: 'Check ID', consent: 'Consent', process: 'Process', payment: 'Payment', recommend: 'Recommend', handover: 'Hand over', farewell: 'Farewell', closed: 'Closed' },
  drill: {
    title: 'Journeys (ID masked)', total: '{{n}} journeys', opened: 'Opened', duration: 'Duration', status: 'Status', id: 'ID', ticket: 'Ticket', refund: 'Refund',
    kinds: { all: 'All journeys', business: 'Business: {{v}}', cancelled: 'Cancelled', refund: 'With a refund', manual: 'Manual ID entry', consentRefused: 'Consent refused', recOffered: 'Recommended', recAccepted: 'Recommendation accepted', counter: 'Counter {{v}}', clerk: 'Clerk {{v}}', slowerThan: 'Took ≥ {{v}}' },
    closed: 'Closed', cancelledStatus: 'Cancelled', hint: 'Click a number in a chart or a table to see the journeys behind it',
  },
  export: { csv: 'Export CSV', xlsx: 'Export Excel', done: 'Exported {{file}} ({{n}} rows), recorded in the audit' },
  reports: {
    title: 'Reports', generate: 'Generate', kind: 'Kind', date: 'Date', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', list: 'Reports', period: 'Period', status: 'Status', draft: 'Draft',
    submitted: 'Submitted', due: 'Due', submittedAt: 'Submitted {{at}} ({{by}})', open: 'Open', print: 'Print', submit: 'Submit', submitConfirm: 'A submitted report is locked and can no longer change. Submit?',
    save: 'Save comments', saved: 'Comments saved', anomalies: 'Anomalies', noAnomalies: 'No anomalies found',
    comments: { summary: 'Summary', anomalies: 'Anomalies and what was done', staff: 'Staff', plan: 'Next steps' },
    locked: 'This report was submitted; it is locked.',
  },
  spot: {
    title: 'Spot checks on the floor', onDuty: '{{n}} clerks on duty: the rule asks to check {{k}}', rule: 'Rule: fewer than 5 — all; 5–20 — 50%; over 20 — 30% (rounded up)',
    draw: 'Draw at random', drawn: 'Drawn', checked: 'Checked today', none: 'No clerk is signed in at a counter now', form: 'Scoring form', staff: 'Clerk', notes: 'Notes', file: 'File in the work log',
    filed: 'Filed in the work log', log: 'Work log (today)', scores: { smile: 'Smile', initiative: 'Initiative', standard: 'Standard followed', proficiency: 'Proficiency', speed: 'Speed', correctness: 'Correctness' },
    average: 'Average', at: 'Time', checker: 'Checked by',
  },
  morning: {
    meeting: 'Morning meeting', date: 'Date', attendees: 'Attendees (staff numbers)', topics: 'Topics (Enter to add)', praise: 'Praise (first; no criticism before work)', notes: 'Other', save: 'Save the record',
    saved: 'Morning meeting saved', checklist: 'Pre-opening checklist', monday: 'Monday: inspect the hydrants and extinguishers', ok: 'OK', note: 'Note', reported: 'Counters’ last count: {{v}}',
    groups: { A: 'A Cleanliness', B: 'B Counter items', C: 'C Vouchers and stock', D: 'D Devices', E: 'E Fire safety (Mondays)' }, recordedBy: 'Recorded by {{by}} · {{at}}',
  },
  supervision: {
    title: 'Supervision', day: 'Business day', counter: 'Counter', till: 'Till', clerk: 'Clerk', settled: 'Settled', variance: 'Over/short', bag: 'Bag / seal', received: 'Received by', missing: 'Missing',
    unsettled: 'Not settled', bagMissing: 'Bag missing', early: 'Early settlement', earlyNone: 'No early settlement today', takings: '{{n}} bags handed over, ¥{{amount}} in all', close: 'Close the day',
    closeConfirm: 'Every counter settled and every bag handed over — close the day?', closed: '{{day}} closed at {{at}} by {{by}}', ready: 'Ready to close', notReady: 'Not ready to close',
    notify: 'Counter {{counter}} {{staff}} early settlement: {{outcome}} ({{min}} min early)', outcomes: { refused: 'stopped', approved: 'approved', override_refused: 'approval refused' }, at: 'Time', outcome: 'Outcome', minutes: 'Min early', approver: 'Approver',
  },
  till: { none: 'Not open', open: 'Open', counting: 'Counting', settled: 'Settled', handed_over: 'Handed over', unknown: 'No heartbeat' },
  lunch: {
    title: 'Lunch rotation', minOpen: 'Counters kept open at least', onDuty: '{{n}} on duty', slot: 'Slot', start: 'From', end: 'To', staff: 'At lunch', add: 'Add a slot', remove: 'Remove', save: 'Save the plan',
    saved: 'Lunch rotation saved', queue: '{{n}} waiting now', queueUnknown: 'Queue length unknown (the hall keeps no queue yet)',
  },
};

hallI18n.addResourceBundle('zh-CN', 'translation', { desk: deskZhCN }, true, false);
hallI18n.addResourceBundle('en', 'translation', { desk: deskEn }, true, false);
