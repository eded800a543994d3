/** Chinese first: every string the clerk reads. */
export const zhCN = {
  app: { name: '柜台通', training: '培训模式', trainingBanner: '培训模式：未配置设备，读卡器和打印机为模拟设备，数据仅供练习' },
  header: { counter: '{{id}}号台席', clerk: '工号 {{no}} {{name}}', noClerk: '未登录', till: '钱箱：{{state}}', tillUnknown: '未开', lang: 'English' },
  status: {
    idcard: '读卡器',
    printer: '打印机',
    drawer: '钱箱',
    database: '数据库',
    keys: 'Esc 取消 · F1 帮助 · F2 新客户 · F5 钱箱 · F12 锁屏',
    state: {
      simulated: '模拟',
      connecting: '连接中',
      ready: '就绪',
      busy: '忙',
      warning: '注意',
      error: '故障',
      disconnected: '未连接',
      not_configured: '未配置',
    },
  },
  nav: { counter: '柜台', till: '钱箱', devices: '设备', settings: '设置', about: '关于' },
  about: {
    title: '关于柜台通',
    version: '版本',
    dataDir: '数据目录',
    schema: '数据库结构版本',
    transport: '连接方式',
    training: '培训模式',
    yes: '是',
    no: '否',
  },
  settings: {
    title: '设置',
    hallName: '营业厅名称',
    counterId: '台席号',
    idleLock: '空闲锁屏（分钟）',
    retention: '个人信息保留天数',
    tolerance: '长短款容差（元）',
    save: '保存',
    saved: '设置已保存',
  },
  error: {
    title: '出错了',
    back: '返回柜台',
    reload: '重新加载',
    storageTitle: '数据库无法使用',
    storageHint: '柜台通没有新建空数据库，也没有改动现有文件。请联系管理员处理后重新启动。',
  },
  loading: '正在连接…',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;
