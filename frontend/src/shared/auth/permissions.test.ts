import { describe, expect, it } from 'vitest';

import { allowedActions, can, parseRole } from './permissions';

describe('permissions', () => {
  it('reads roles in any case and refuses unknown ones', () => {
    expect(parseRole('ADMIN')).toBe('admin');
    expect(parseRole('operator')).toBe('operator');
    expect(parseRole('owner')).toBeNull();
    expect(parseRole(undefined)).toBeNull();
  });

  it('follows the table of docs/api.md', () => {
    expect(can('manager', 'manage_rules')).toBe(true);
    expect(can('operator', 'manage_rules')).toBe(false);
    expect(can('auditor', 'read_audit')).toBe(true);
    expect(can('operator', 'read_audit')).toBe(false);
    expect(can('manager', 'manage_users')).toBe(false);
    expect(can(null, 'read')).toBe(false);
  });

  it('maps each role to the actions the admin screens offer', () => {
    expect(allowedActions('admin')).toEqual({
      editRules: true,
      seeMembers: true,
      manageMembers: true,
      seeSupportGrants: true,
      manageSupportGrants: true,
      manageIntegrations: true,
      readAudit: true,
    });
    expect(allowedActions('manager')).toMatchObject({ editRules: true, manageMembers: false, manageIntegrations: false, readAudit: true });
    expect(allowedActions('operator')).toEqual({
      editRules: false,
      seeMembers: true,
      manageMembers: false,
      seeSupportGrants: false,
      manageSupportGrants: false,
      manageIntegrations: false,
      readAudit: false,
    });
    expect(allowedActions('auditor')).toMatchObject({ editRules: false, seeSupportGrants: true, readAudit: true });
  });
});
