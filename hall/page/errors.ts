/** The hall page's refusals of sign-in, sessions and roles, in Chinese and English. */
import { BilingualError } from '../../base/contract/errors';
import { lockedOutError } from '../../base/lockoutPolicy';
import { ROLE_EN, ROLE_ZH, type Role } from '../../base/contract/roles';

export const pageErrors = {
  notSignedIn: () =>
    new BilingualError('NOT_SIGNED_IN', '尚未登录或登录已失效 — 请用大厅账号（工号和密码）登录', 'Not signed in, or the session has ended — sign in with your hall account (staff number and password)'),

  locked: () =>
    new BilingualError('SESSION_LOCKED', '页面已锁定 — 请输入本人密码解锁', 'The page is locked — unlock it with your own password'),

  forbiddenRole: (role: Role, allowed: readonly Role[]) =>
    new BilingualError(
      'FORBIDDEN_ROLE',
      `${ROLE_ZH[role]}无权进行此操作（需要${allowed.map((r) => ROLE_ZH[r]).join('或')}）`,
      `A ${ROLE_EN[role]} may not do this (needs a ${allowed.map((r) => ROLE_EN[r]).join(' or ')})`,
      { role, allowed: [...allowed] },
    ),

  /** A clerk's correct password: clerks sign in at their counters, not on the hall page. */
  clerkNotHere: () =>
    new BilingualError(
      'FORBIDDEN_ROLE',
      '营业员请在台席登录；大厅页面供值班经理、管理员和流动咨询使用',
      'Clerks sign in at their counters; the hall page is for duty managers, administrators and floating guides',
      { role: 'clerk' },
    ),

  signInFailed: () =>
    // One message for an unknown number and a wrong password: the page must not reveal which exist.
    new BilingualError('SIGNIN_FAILED', '工号或密码不正确 — 请重新输入', 'Wrong staff number or password — try again'),

  lockedOut: lockedOutError,

  inactive: (staffNo: string) =>
    new BilingualError('STAFF_INACTIVE', `工号 ${staffNo} 已停用 — 请联系管理员`, `Staff number ${staffNo} is deactivated — contact an administrator`),

  accountLocked: (staffNo: string) =>
    new BilingualError('STAFF_LOCKED', `工号 ${staffNo} 已被管理员锁定 — 请联系管理员`, `Staff number ${staffNo} is locked by an administrator — contact an administrator`),

  setupDone: () =>
    new BilingualError('SETUP_DONE', '大厅已有管理员，首次设置已完成 — 请用大厅账号登录', 'The hall already has an administrator and first-start setup is done — sign in with your hall account'),

  setupToken: () =>
    new BilingualError(
      'HALL_SETUP_TOKEN',
      '管理员令牌不正确 — 请输入大厅服务器启动时打印的 admin token',
      'Wrong admin token — type the admin token the hall server printed when it started',
    ),
};
