/**
 * The refusals of sign-in, roles, approvals and staff management, in Chinese and English.
 * Each says what happened and what to do next; none repeats a PIN or password.
 */
import { BilingualError } from '../../../base/contract/errors';
import { lockedOutError } from '../../../base/lockoutPolicy';
import { ROLE_EN, ROLE_ZH, type Role } from '../../../base/contract/roles';

const rolesZh = (roles: readonly Role[]) => roles.map((r) => ROLE_ZH[r]).join('、');
const rolesEn = (roles: readonly Role[]) => roles.map((r) => ROLE_EN[r]).join(' or ');

export const staffErrors = {
  notSignedIn: () =>
    new BilingualError('NOT_SIGNED_IN', '尚未登录或登录已失效 — 请输入工号和密码登录', 'Not signed in, or the session has ended — sign in with your staff number and PIN/password'),

  forbiddenRole: (role: Role, allowed: readonly Role[]) =>
    new BilingualError(
      'FORBIDDEN_ROLE',
      `${ROLE_ZH[role] ?? role}无权进行此操作（需要${rolesZh(allowed)}）— 请找有权限的同事办理`,
      `A ${ROLE_EN[role] ?? role} may not do this (needs a ${rolesEn(allowed)}) — ask a colleague who may`,
      { role, allowed: [...allowed] },
    ),

  sessionLocked: () =>
    new BilingualError(
      'SESSION_LOCKED',
      '屏幕已锁定 — 请本人输入密码解锁，或请值班经理解锁',
      'The screen is locked — unlock it with your own PIN/password, or ask the duty manager',
    ),

  signInFailed: () =>
    // One message for unknown number and wrong secret: the screen must not reveal which exist.
    new BilingualError('SIGNIN_FAILED', '工号或密码不正确 — 请重新输入', 'Wrong staff number or PIN/password — try again'),

  lockedOut: lockedOutError,

  inactive: (staffNo: string) =>
    new BilingualError('STAFF_INACTIVE', `工号 ${staffNo} 已停用 — 请联系管理员`, `Staff number ${staffNo} is deactivated — contact the administrator`),

  locked: (staffNo: string) =>
    new BilingualError('STAFF_LOCKED', `工号 ${staffNo} 已被管理员在营业厅服务器上锁定 — 请联系管理员`, `Staff number ${staffNo} is locked by an administrator on the hall server — contact an administrator`),

  managedByHall: () =>
    new BilingualError(
      'STAFF_MANAGED_BY_HALL',
      '本台席的员工账号由营业厅服务器统一管理 — 请管理员在营业厅管理页（管理 › 员工账号）新增、重置、锁定或停用',
      'Staff accounts of this counter are managed by the hall server — an administrator creates, resets, locks or deactivates them on the hall page (Admin › Staff accounts)',
    ),

  noAdminFromHall: () =>
    new BilingualError(
      'LAST_ADMIN',
      '营业厅服务器下发的员工账号中没有可用的管理员，本台席未采用 — 请在营业厅管理页保留至少一名未锁定的管理员',
      'The staff accounts from the hall server leave no usable administrator; this counter did not take them — keep at least one unlocked administrator on the hall page',
    ),

  unknownStaff: (staffNo: string) =>
    new BilingualError('STAFF_NOT_FOUND', `没有工号 ${staffNo} — 请核对后重试`, `No staff number ${staffNo} — check it and try again`),

  staffExists: (staffNo: string) =>
    new BilingualError('STAFF_EXISTS', `工号 ${staffNo} 已存在（停用的工号也不能重复使用）— 请换一个工号`, `Staff number ${staffNo} already exists (deactivated numbers are not reused) — choose another`),

  counterBusy: (counterId: string, staffNo: string) =>
    new BilingualError(
      'COUNTER_BUSY',
      `台席 ${counterId} 已由工号 ${staffNo} 登录 — 请原登录人签退后再登录；本人不在时，值班经理可接管台席`,
      `Counter ${counterId} is signed in by staff number ${staffNo} — they must sign out first; if they are absent, a duty manager can take the counter over`,
      { counterId, staffNo },
    ),

  journeyOpen: (counterId: string, open: number) =>
    new BilingualError(
      'SIGNOUT_JOURNEY_OPEN',
      `台席 ${counterId} 还有 ${open} 笔业务未办结，不能签退 — 请先办结或中止当前业务`,
      `Counter ${counterId} still has ${open} customer journey(s) open; you cannot sign out — finish or abandon it first`,
      { counterId, open },
    ),

  approvalThrottled: (counterId: string, waitMs: number) =>
    new BilingualError(
      'APPROVAL_THROTTLED',
      `台席 ${counterId} 的审批密码输错次数过多，请 ${Math.ceil(waitMs / 1000)} 秒后再试 — 审批须由值班经理本人输入`,
      `Too many wrong approval passwords at counter ${counterId}; try again in ${Math.ceil(waitMs / 1000)} s — the duty manager must type their own`,
      { counterId, waitMs },
    ),

  takeoverRole: (staffNo: string) =>
    new BilingualError('TAKEOVER_ROLE', `工号 ${staffNo} 不是值班经理，不能接管台席 — 请值班经理本人接管`, `Staff ${staffNo} is not a duty manager and cannot take a counter over — the duty manager must do it in person`),

  takeoverReason: () =>
    new BilingualError('TAKEOVER_REASON', '请写明接管台席的原因（2–200 字），如「营业员身体不适离岗」', 'Write why the counter is taken over (2–200 characters), e.g. "the clerk left unwell"'),

  setupDone: () =>
    new BilingualError('SETUP_DONE', '系统已完成初始设置，不能再创建首位管理员 — 请由现有管理员添加人员', 'Setup is already complete; the first administrator cannot be created again — ask an existing administrator to add staff'),

  unlockNotAllowed: () =>
    new BilingualError('UNLOCK_NOT_ALLOWED', '只有本人或值班经理可以解锁此屏幕', 'Only the signed-in person or a duty manager can unlock this screen'),

  lastAdmin: () =>
    new BilingualError('LAST_ADMIN', '这是最后一位在岗管理员，不能停用或降级 — 请先任命另一位管理员', 'This is the last active administrator and cannot be deactivated or demoted — appoint another administrator first'),
};
