/** The queue's strings (guide, display, the duty manager's section), added to the hall page's i18n. */
import { hallI18n } from '../i18n';

export const queueZhCN = {
  tab: '排队叫号',
  guide: {
    title: '流动咨询 · 取号', pickBusiness: '客户办理什么业务？', waiting: '等候 {{n}} 人', documents: '需要带齐的证件资料',
    noDocuments: '无需证件', ask: '证件带齐了吗？', yes: '带齐了，取号', no: '没带齐', priority: '老弱病残优先（特殊台席）', priorityTag: '优先',
    selfService: '缴费可在自助缴费机办理，无需排队', toSelfService: '引导到自助缴费机', stillTicket: '客户仍要人工办理，取号',
    issued: '号票', ahead: '前面等候 {{n}} 人', printed: '号票已打印', notPrinted: '号票未打印：{{reason}} — 请把号码告诉客户',
    next: '下一位客户', back: '返回', reason: '没带齐什么？', tell: '请这样告诉客户', turnedAway: '已记录：未能办理',
    sentSelf: '已记录：引导自助缴费', reasons: { no_id: '没带身份证件', documents_incomplete: '资料不全', holder_absent: '机主本人未到场', other: '其他原因' },
    note: '备注（可选，不要写证件号、手机号）',
  },
  display: {
    title: '叫号', now: '请到台席办理', recent: '最近叫号', waiting: '等候', counter: '{{n}} 号台席', nobody: '暂无叫号',
    people: '{{n}} 人', sound: '点击开启语音播报', voice: '语音：{{v}}', chime: '提示音（本机无中文语音）',
  },
  board: {
    title: '排队情况', group: '排队组', waiting: '等候人数', longest: '最长等候', counters: '服务台席', alert: '{{group}}：等候 {{n}} 人，最长 {{wait}} — 建议增开台席',
    counter: '台席', groups: '叫号组（空 = 全部）', current: '当前号票', save: '保存', settings: '叫号设置', noShowAfter: '呼叫几次未到可过号',
    alertWaiting: '等候超过（人）提醒', alertWaitMinutes: '最长等候超过（分钟）提醒', figures: '今日排队统计', saved: '已保存',
    tickets: '取号', served: '已办结', noShows: '过号', transferred: '转移', stillWaiting: '仍在等候', avgWait: '平均等候', maxWait: '最长等候',
    avgService: '平均办理', turnedAway: '未能办理', selfService: '引导自助', hour: '时段', total: '合计', all: '全部',
  },
};

export const queueEn: typeof queueZhCN = {
  tab: 'Queue',
  guide: {
    title: 'Floating guide · tickets', pickBusiness: 'What does the customer need?', waiting: '{{n}} waiting', documents: 'Documents to bring',
    noDocuments: 'No documents needed', ask: 'Did the customer bring them?', yes: 'Yes — issue a ticket', no: 'Missing', priority: 'Elderly, sick or disabled: priority (special counter)', priorityTag: 'Priority',
    selfService: 'Payments can be made at the self-service machines without queueing', toSelfService: 'Take them to self-service', stillTicket: 'Customer prefers a counter: issue a ticket',
    issued: 'Ticket', ahead: '{{n}} ahead', printed: 'Ticket printed', notPrinted: 'Not printed: {{reason}} — tell the customer the number',
    next: 'Next customer', back: 'Back', reason: 'What is missing?', tell: 'Tell the customer', turnedAway: 'Recorded: could not be served',
    sentSelf: 'Recorded: sent to self-service', reasons: { no_id: 'No ID card', documents_incomplete: 'Documents incomplete', holder_absent: 'Holder not present', other: 'Other' },
    note: 'Note (optional; no ID or phone numbers)',
  },
  display: {
    title: 'Calling', now: 'Please go to the counter', recent: 'Last calls', waiting: 'Waiting', counter: 'Counter {{n}}', nobody: 'No calls yet',
    people: '{{n}}', sound: 'Click to turn announcements on', voice: 'Voice: {{v}}', chime: 'Chime (no Chinese voice on this PC)',
  },
  board: {
    title: 'Queue', group: 'Group', waiting: 'Waiting', longest: 'Longest wait', counters: 'Counters', alert: '{{group}}: {{n}} waiting, longest {{wait}} — consider opening a counter',
    counter: 'Counter', groups: 'Groups called (none = all)', current: 'Current ticket', save: 'Save', settings: 'Calling settings', noShowAfter: 'Calls before a no-show',
    alertWaiting: 'Alert above (waiting)', alertWaitMinutes: 'Alert above (longest wait, min)', figures: 'Today’s queue figures', saved: 'Saved',
    tickets: 'Tickets', served: 'Served', noShows: 'No-shows', transferred: 'Transferred', stillWaiting: 'Still waiting', avgWait: 'Avg wait', maxWait: 'Max wait',
    avgService: 'Avg service', turnedAway: 'Turned away', selfService: 'Self-service', hour: 'Hour', total: 'Total', all: 'all',
  },
};

hallI18n.addResourceBundle('zh-CN', 'translation', { queue: queueZhCN }, true, false);
hallI18n.addResourceBundle('en', 'translation', { queue: queueEn }, true, false);
