import { msg } from '@lingui/core/macro';
import type { MessageDescriptor } from '@lingui/core';

const ROLES: Record<string, MessageDescriptor> = {
  ADMIN: msg`Administrador`,
  MANAGER: msg`Gerente`,
  OPERATOR: msg`Operador`,
  AUDITOR: msg`Auditor`,
};

export function roleLabel(role: string): MessageDescriptor {
  return ROLES[role] ?? msg`Desconhecido`;
}

/** The state of a grant at `now`: mySupportGrants lists active ones, but time passes on the screen. */
export function grantState(expiresAt: string, now = Date.now()): 'active' | 'ending' | 'expired' {
  const left = Date.parse(expiresAt) - now;
  if (left <= 0) return 'expired';
  return left < 60 * 60 * 1000 ? 'ending' : 'active';
}
