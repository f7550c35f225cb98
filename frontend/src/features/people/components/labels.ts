import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { Role } from '../../../gql/graphql';

export const ROLES: readonly Role[] = ['ADMIN', 'MANAGER', 'OPERATOR', 'AUDITOR'];

export const ROLE_LABELS: Record<Role, MessageDescriptor> = {
  ADMIN: msg`Administrador`,
  MANAGER: msg`Gestor`,
  OPERATOR: msg`Operador`,
  AUDITOR: msg`Auditor`,
};

export const ROLE_DESCRIPTIONS: Record<Role, MessageDescriptor> = {
  ADMIN: msg`Tudo, inclusive pessoas, integrações e empresas`,
  MANAGER: msg`Regras, exportações e auditoria, além de enviar e revisar`,
  OPERATOR: msg`Envia arquivos e revisa conciliações`,
  AUDITOR: msg`Só leitura, com acesso à auditoria`,
};

/** Mutation error codes → our words (the server's message never shows). */
export const PEOPLE_ERRORS: Record<string, MessageDescriptor> = {
  LAST_ADMIN: msg`A organização precisa de pelo menos um administrador ativo. Promova outra pessoa a administrador antes de mudar o papel ou desativar esta.`,
  ALREADY_MEMBER: msg`Esta pessoa já é membro ativo da organização.`,
  NOT_FOUND: msg`Não encontrado: talvez já tenha sido removido. Atualize a página.`,
  FORBIDDEN: msg`Só administradores gerenciam pessoas e acessos de suporte.`,
  STAFF_NOT_FOUND: msg`Não há ninguém do suporte da plataforma com este e-mail.`,
  SUPPORT_GRANT_NOT_FOUND: msg`Este acesso de suporte já terminou ou foi revogado.`,
  INVALID: msg`Confira os campos marcados.`,
};

/** Field messages of inviteUser and grantSupportAccess, by the validator's words. */
export function fieldMessage(message: string): MessageDescriptor {
  const text = message.toLowerCase();
  if (text.includes('e-mail')) return msg`Informe um e-mail válido.`;
  if (text === 'required') return msg`Obrigatório.`;
  if (text.startsWith('between')) return msg`Entre 1 e 72 horas.`;
  if (text.startsWith('at most')) return msg`Texto longo demais.`;
  if (text.startsWith('one of')) return msg`Papel não permitido para suporte.`;
  return msg`Valor inválido.`;
}
