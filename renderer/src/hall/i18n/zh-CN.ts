/** The hall page in Chinese (first): every string the duty manager and the administrator read. */
export const hallZhCN = {
  app: { name: '柜台通 · 营业厅', lang: 'English', lock: '锁定 (F12)', signOut: '退出', hallTime: '大厅时间', keys: 'Alt+1 台席 · Alt+2 同步积压 · Alt+3 链见证 · Alt+4 管理 · Alt+5 值班经理台 · Alt+6 排队叫号 · F12 锁定', live: '实时', offline: '实时更新中断，正在重连' },
  roles: { clerk: '营业员', duty_manager: '值班经理', admin: '管理员', guide: '流动咨询' },
  tabs: { counters: '台席', backlog: '同步积压', witness: '链见证', admin: '管理' },
  adminTabs: { counters: '台席登记', staff: '员工账号', catalog: '业务目录', calendar: '营业日历', till: '钱箱设置', audit: '审计记录' },
  signin: {
    title: '营业厅管理登录', staffNo: '工号', password: '密码', submit: '登录', required: '请输入工号和密码',
    hint: '供值班经理、管理员和流动咨询使用，与台席使用同一账号和密码。连续输错将暂时锁定。',
  },
  setup: {
    title: '首次启动：创建管理员',
    intro: '大厅服务器还没有管理员。请输入服务器启动时打印的管理员令牌（admin token），创建第一位管理员。之后所有员工账号都在本页面管理，并下发到各台席。',
    token: '管理员令牌', name: '姓名', password: '密码（至少 8 位，不能全是数字）', confirm: '再次输入密码', mismatch: '两次输入的密码不一致', submit: '创建管理员并登录',
  },
  lock: { title: '页面已锁定', who: '{{no}} {{name}}（{{role}}）', password: '本人密码', unlock: '解锁', other: '换人登录' },
  board: {
    title: '台席实时状态', empty: '尚未登记台席 — 管理员可在「管理 → 台席登记」中登记', counter: '台席', status: '登记', person: '登录人员', till: '钱箱',
    lastSync: '最近同步', unsent: '未上传', oldest: '最早未传', skew: '时钟偏差', devices: '设备', findings: '链见证', config: '配置',
    none: '—', noHeartbeat: '尚无心跳', stale: '失联', nobody: '无人登录', ok: '正常', behind: '待更新', skewBad: '偏差过大',
    summary: '共 {{total}} 个台席 · 在线 {{online}} · 已开钱箱 {{open}} · 未上传 {{unsent}} 行',
  },
  counterStatus: { pending: '待登记', active: '已登记', revoked: '已停用' },
  tillStatus: { none: '未开', open: '已开', counting: '点钞中', settled: '已结账', handed_over: '已交款' },
  deviceState: { simulated: '模拟', connecting: '连接中', ready: '就绪', busy: '忙', warning: '注意', error: '故障', disconnected: '未连接', not_configured: '未配置' },
  deviceName: { idcard: '读卡器', printer: '打印机', drawer: '钱箱', database: '数据库' },
  ago: { now: '刚刚', s: '{{n}} 秒前', m: '{{n}} 分钟前', h: '{{n}} 小时前', d: '{{n}} 天前' },
  age: { s: '{{n}} 秒', m: '{{n}} 分钟', h: '{{n}} 小时', d: '{{n}} 天' },
  backlog: { title: '同步积压', intro: '各台席尚未上传到大厅的记录（台席最近一次心跳报告）和大厅已收到的最后序号。', counter: '台席', lastContact: '最近联系', unsentTotal: '未上传合计', oldest: '最早未传', held: '已收', pending: '待传' },
  streams: { ledger: '收付款', audit: '审计', journey: '业务', step: '步骤', settlement: '结账', handover: '交款', early_event: '提前结账', print_outcome: '打印' },
  witness: {
    title: '链见证', intro: '大厅在收到每个台席的收付款和审计记录时核对哈希链。链断开：记录与前一条接不上；改写：已上传的记录在台席上被改过。大厅保留它收到的原样记录。',
    all: '全部台席', empty: '没有发现问题', at: '发现时间', counter: '台席', stream: '记录类别', seq: '序号', kind: '问题', held: '大厅记录的哈希', sent: '台席发来的', row: '大厅保存的记录',
    kinds: { link_break: '链断开', rewritten: '已改写' },
  },
  counters: {
    register: '登记台席', number: '台席号', label: '名称（可选）', validHours: '登记码有效（小时）', submit: '生成登记码', revoke: '停用', revokeConfirm: '停用 {{n}} 号台席？其密钥将不再被接受（记录保留）。',
    codeTitle: '{{n}} 号台席的登记码', code: '一次性登记码', expires: '有效至', fingerprint: '大厅证书指纹',
    codeHint: '在该台席的「设备」页输入大厅地址和此登记码；台席会核对证书指纹。登记码只显示这一次，用过即失效。', enrolledAt: '登记时间', close: '关闭',
  },
  staff: {
    create: '新建账号', staffNo: '工号', name: '姓名', role: '角色', secret: '初始 PIN/密码', secretHint: '营业员可用 4–12 位 PIN；值班经理和管理员须用密码（至少 8 位）',
    add: '新建', status: '状态', active: '在用', locked: '已锁定', inactive: '已停用', kind: '凭据', kinds: { pin: 'PIN', password: '密码' }, version: '版本', updated: '最近更改',
    reset: '重置密码', lock: '锁定', unlock: '解锁', changeRole: '改角色', deactivate: '停用', deactivateConfirm: '停用工号 {{no}}？账号保留，所有台席将拒绝其登录。',
    newSecret: '新的 PIN/密码', newRole: '新角色', roleSecret: '新密码（由 PIN 升为值班经理或管理员时必填）', save: '保存', reaches: '更改会在各台席下次同步时生效（通常几秒内）。',
  },
  catalog: {
    title: '业务目录', none: '大厅尚未下发业务目录，各台席使用自带目录。下面是台席自带的目录，可在此基础上修改后保存。',
    current: '第 {{v}} 版 · {{by}} · {{at}}', check: '检查', save: '保存为第 {{v}} 版', upload: '打开文件…', ok: '检查通过：{{n}} 种业务', saved: '已保存第 {{v}} 版，各台席将在下次同步时更新',
    problems: '{{n}} 处问题（点击跳到该行）', line: '第 {{line}} 行 第 {{col}} 列', cursor: '第 {{line}} 行', reload: '重新打开最新版',
  },
  calendar: {
    title: '营业日历', timeZone: '时区', open: '营业', closed: '休息', from: '开门', to: '关门', exceptions: '例外日期（节假日、调整营业时间）', date: '日期', note: '说明',
    addException: '添加例外', remove: '删除', save: '保存为第 {{v}} 版', saved: '已保存第 {{v}} 版', none: '大厅尚未下发营业日历，以下为标准营业时间。', time: 'HH:mm',
    weekdays: { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' },
  },
  till: {
    title: '钱箱设置', tolerance: '长短款容差（元）', toleranceHint: '差额在此范围内营业员可自行结账，超出须值班经理审批', clockJump: '时钟跳变上限（分钟）', clockJumpHint: '台席时钟跳变超过此值，结账前须值班经理确认时钟',
    save: '保存为第 {{v}} 版', saved: '已保存第 {{v}} 版', none: '大厅尚未下发钱箱设置，以下为标准值。',
  },
  history: { title: '版本历史', version: '版本', at: '时间', actor: '操作人', action: '操作', subject: '对象' },
  audit: {
    title: '审计记录', at: '时间', actor: '操作人', action: '操作', subject: '对象', detail: '详情', remote: '来源地址', more: '更早的记录',
    actions: {
      'counter.register': '登记台席', 'counter.revoke': '停用台席', 'staff.create': '新建账号', 'staff.reset': '重置密码', 'staff.lock': '锁定账号', 'staff.unlock': '解锁账号',
      'staff.role': '更改角色', 'staff.deactivate': '停用账号', 'catalog.save': '保存业务目录', 'calendar.save': '保存营业日历', 'till.save': '保存钱箱设置',
      'session.setup': '创建首位管理员', 'session.signin': '登录', 'session.signin_refused': '登录被拒', 'session.lock': '锁定页面', 'session.unlock': '解锁页面', 'session.unlock_refused': '解锁被拒', 'session.signout': '退出',
    },
  },
  common: { saved: '已保存', cancel: '取消', confirm: '确定', refresh: '刷新', error: '出错了', reload: '重新加载' },
};
