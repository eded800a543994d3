/** Who may call a method. The dispatcher enforces it in core; the renderer is never trusted. */
export const ROLES = ['clerk', 'duty_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** 'public' needs nobody signed in; 'signed-in' any role; a list names the roles allowed. */
export type Access = 'public' | 'signed-in' | readonly Role[];
