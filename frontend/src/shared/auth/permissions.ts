/**
 * Who may do what, as docs/api.md's table says (backend/auth/rbac.py is the truth; the
 * server refuses anyway). The web app uses it only to leave out what a role may not do.
 */
export type AppRole = 'admin' | 'manager' | 'operator' | 'auditor';

export type Permission =
  | 'read'
  | 'upload'
  | 'review'
  | 'manage_rules'
  | 'export'
  | 'manage_companies'
  | 'manage_users'
  | 'manage_api_clients'
  | 'manage_webhooks'
  | 'read_audit';

export const ROLE_PERMISSIONS: Record<AppRole, readonly Permission[]> = {
  admin: [
    'read',
    'upload',
    'review',
    'manage_rules',
    'export',
    'manage_companies',
    'manage_users',
    'manage_api_clients',
    'manage_webhooks',
    'read_audit',
  ],
  manager: ['read', 'upload', 'review', 'manage_rules', 'export', 'read_audit'],
  operator: ['read', 'upload', 'review'],
  auditor: ['read', 'read_audit'],
};

/** "ADMIN", "admin" or a Role enum value → the role; anything else → null (no rights). */
export function parseRole(value: string | null | undefined): AppRole | null {
  const role = (value ?? '').toLowerCase();
  return role in ROLE_PERMISSIONS ? (role as AppRole) : null;
}

export function can(role: string | null | undefined, permission: Permission): boolean {
  const parsed = parseRole(role);
  return parsed !== null && ROLE_PERMISSIONS[parsed].includes(permission);
}

/** What the admin screens offer a role (each flag one button or section). */
export interface AllowedActions {
  editRules: boolean;
  seeMembers: boolean;
  manageMembers: boolean;
  seeSupportGrants: boolean;
  manageSupportGrants: boolean;
  manageIntegrations: boolean;
  readAudit: boolean;
}

export function allowedActions(role: string | null | undefined): AllowedActions {
  return {
    editRules: can(role, 'manage_rules'),
    seeMembers: can(role, 'read'),
    manageMembers: can(role, 'manage_users'),
    seeSupportGrants: can(role, 'read_audit'),
    manageSupportGrants: can(role, 'manage_users'),
    manageIntegrations: can(role, 'manage_api_clients') && can(role, 'manage_webhooks'),
    readAudit: can(role, 'read_audit'),
  };
}
