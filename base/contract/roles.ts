/** Who may call a method. The dispatcher enforces it in core; the renderer is never trusted. */
/** 'guide' (流动咨询) works on the hall page only: the guide's page issues tickets; never at a counter. */
export const ROLES = ['clerk', 'duty_manager', 'admin', 'guide'] as const;
export type Role = (typeof ROLES)[number];

/** The roles as people read them, on the counter, the hall page and in refusals. */
export const ROLE_ZH: Record<Role, string> = { clerk: '营业员', duty_manager: '值班经理', admin: '管理员', guide: '流动咨询' };
export const ROLE_EN: Record<Role, string> = { clerk: 'clerk', duty_manager: 'duty manager', admin: 'administrator', guide: 'floating guide' };

/** 'public' needs nobody signed in; 'signed-in' any role; a list names the roles allowed. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** Everyone who serves customers at a counter (a duty manager or administrator may stand in). */
export const COUNTER_ROLES = ['clerk', 'duty_manager', 'admin'] as const satisfies readonly Role[];
export type CounterRole = (typeof COUNTER_ROLES)[number];
/** Who approves, configures and reads the evidence: the duty manager, or an administrator. */
export const MANAGER_ROLES = ['duty_manager', 'admin'] as const satisfies readonly Role[];
/** Who may use the guide's page (the duty manager and administrator stand in). */
export const GUIDE_ROLES = ['guide', 'duty_manager', 'admin'] as const satisfies readonly Role[];
/** Who signs in on the hall page at all (clerks sign in at their counters). */
export const HALL_PAGE_ROLES = GUIDE_ROLES;
/** Who manages staff. */
export const ADMIN_ROLES = ['admin'] as const satisfies readonly Role[];

/** Whether a signed-in (unlocked) session of this role passes an access rule. */
export function roleMay(role: Role, access: Access): boolean {
  if (access === 'public' || access === 'signed-in') return true;
  return access.includes(role);
}
