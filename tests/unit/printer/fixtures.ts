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
  counts: [
    { attemptNo: 1, at: AT + 9 * 3600_000 - 600_000, by: 'YY0217', countedFen: 173150, expectedFen: 173650, varianceFen: -500 },
    { attemptNo: 2, at: AT + 9 * 3600_000 - 300_000, by: 'YY0217', countedFen: 173650, expectedFen: 173650, varianceFen: 0 },
  ],
  items: [{ label: 'SIM卡', opening: 50, used: 3, expected: 47, counted: 47 }],
  business: { customers: 18, completed: 16, cancelled: 2, refunds: { count: 1, amountFen: 5000 }, byBusiness: [{ name: '新装号卡', count: 9 }], recommendations: { offered: 15, accepted: 4 } },
  approvals: [{ what: '重新点钞', approverNo: 'ZB0001', at: AT + 9 * 3600_000 - 400_000, requesterNo: 'YY0217', reason: '短款超过限额，已复点' }],
  handover: { bagNo: 'JK-0001234', sealNo: 'FQ-778899', handedByNo: 'YY0217', receivedByNo: 'ZB0001' },
  anchors: { ledger: { seq: 4711, hashPrefix: '3f2a-9c01-be77' }, audit: { seq: 20_817, hashPrefix: '0b1c-77de-a901' } },
};
