/**
 * Each step of the service standard: its number (once, as the circled digit), a short name for
 * the rail, and the standard's mnemonic line shown as guidance while the step is current.
 */
export const MNEMONIC: Record<string, { zh: string; en: string; n: string; short_zh: string; short_en: string }> = {
  greet: { n: '①', short_zh: '迎候', short_en: 'Greet', zh: '起立迎候笑问好', en: 'Stand, smile and greet' },
  need: { n: '②', short_zh: '询问需要', short_en: 'Ask the need', zh: '请坐询问何需要', en: 'Invite to sit, ask the need' },
  verify: { n: '③', short_zh: '核对证件', short_en: 'Check the ID', zh: '证件资料核对好', en: 'Check the ID documents' },
  consent: { n: '④', short_zh: '复印征得同意', short_en: 'Copy consent', zh: '复印须告知目的并征得同意', en: 'Say why you copy; ask consent' },
  process: { n: '⑤', short_zh: '业务受理', short_en: 'The business', zh: '业务受理快又好', en: 'Do the business fast and right' },
  payment: { n: '⑥', short_zh: '收银', short_en: 'Payment', zh: '收银递物用双手', en: 'Take payment with both hands' },
  recommend: { n: '⑦', short_zh: '业务推荐', short_en: 'Recommend', zh: '业务推荐少不了', en: 'Never skip recommending' },
  handover: { n: '⑧', short_zh: '资料入封套', short_en: 'Folder', zh: '资料凭证入封套', en: 'Papers back in the folder' },
  farewell: { n: '⑨', short_zh: '送客', short_en: 'Farewell', zh: '起身送客道姓氏', en: 'Stand; see off by surname' },
};
