/** Who may call a method. The dispatcher enforces it in core; the renderer is never trusted. */
export const ROLES = ['clerk', 'duty_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles as people read them, on the counter, the hall page and in refusals. */
export const ROLE_ZH: Record<Role, string> = { clerk: '营业员', duty_manager: '值班经理', admin: '管理员' };
export const ROLE_EN: Record<Role, string> = { clerk: 'clerk', duty_manager: 'duty manager', admin: 'administrator' };

/** 'public' needs nobody signed in; 'signed-in' any role; a list names the roles allowed. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** Everyone who serves customers at a counter (a duty manager or administrator may stand in). */
export const COUNTER_ROLES = ROLES;
/** Who approves, configures and reads the evidence: the duty manager, or an administrator. */
export const MANAGER_ROLES = ['duty_manager', 'admin'] as const satisfies readonly Role[];
/** Who manages staff. */
export const ADMIN_ROLES = ['admin'] as const satisfies readonly Role[];

/** Whether a signed-in (unlocked) session of this role passes an access rule. */
export function roleMay(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'signed-in') return true;
  return access.includes(role);
}
