/** The standard's mnemonic line for each step: shown as guidance while the step is current. */
export const MNEMONIC: Record<string, { zh: string; en: string; n: string }> = {
  greet: { n: '①', zh: '起立迎候笑问好', en: 'Stand, smile and greet' },
  need: { n: '②', zh: '请坐询问何需要', en: 'Invite to sit, ask the need' },
  verify: { n: '③', zh: '证件资料核对好', en: 'Check the ID documents' },
  consent: { n: '④', zh: '复印须告知目的并征得同意', en: 'Say why you copy; ask consent' },
  process: { n: '⑤', zh: '业务受理快又好', en: 'Do the business fast and right' },
  payment: { n: '⑥', zh: '收银递物用双手', en: 'Take payment with both hands' },
  recommend: { n: '⑦', zh: '业务推荐少不了', en: 'Never skip recommending' },
  handover: { n: '⑧', zh: '资料凭证入封套', en: 'Papers back in the folder' },
  farewell: { n: '⑨', zh: '起身送客道姓氏', en: 'Stand; see off by surname' },
};
