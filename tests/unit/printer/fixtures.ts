/** Realistic receipt data shared by the printer tests. */
import type { CustomerReceiptData } from '../../../native/printer/templates/customer-receipt';
import type { SettlementReportData } from '../../../native/printer/templates/settlement-report';

// 2024-05-01 09:30:05 in Asia/Shanghai.
export const AT = Date.UTC(2024, 4, 1, 1, 30, 5);

export const customerData: CustomerReceiptData = {
  hallName: '中国电信北京西单营业厅',
  counterId: '03',
  clerkNo: 'YY0217',
  at: AT,
  txRef: 'BJXD20240501-000123',
  items: [
    { name: '补换SIM卡', feeFen: 1000, note: '号码 189****5678' },
    { name: '套餐变更：畅享融合套餐129元（含宽带300M、副卡两张）', feeFen: 12900 },
    { name: '靓号预存款', feeFen: 115750 },
  ],
  payment: { method: 'cash', tenderedFen: 130000, changeFen: 350 },
  customerIdNumber: '110101199003074024',
};

export const settlementData: SettlementReportData = {
  reportNo: 'Z-20240501-03',
  hallName: '中国电信北京西单营业厅',
  counterId: '03',
  clerkNo: 'YY0217',
  businessDay: '2024-05-01',
  at: AT + 9 * 3600_000,
  floatFen: 50000,
  cashSalesFen: 328650,
  changeGivenFen: 0,
  refundsFen: 5000,
  dropsFen: 200000,
  expectedCashFen: 173650,
  counted: [
    { denominationFen: 10000, count: 15 },
    { denominationFen: 5000, count: 4 },
    { denominationFen: 1000, count: 3 },
    { denominationFen: 500, count: 1 },
    { denominationFen: 100, count: 1 },
    { denominationFen: 50, count: 1 },
  ],
  nonCash: [
    { tender: '微信支付', amountFen: 45600, count: 7 },
    { tender: '支付宝', amountFen: 19900, count: 2 },
  ],
  approverNo: 'ZB0001',
  approvalReason: '短款超过限额，已复点',
  handover: { bagNo: 'JK-0001234', sealNo: 'FQ-778899' },
};
