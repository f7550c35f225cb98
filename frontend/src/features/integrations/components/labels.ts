import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { WebhookDeliveryStatus, WebhookEvent } from '../../../gql/graphql';

export const SCOPES = ['read', 'upload', 'review', 'manage_rules', 'export', 'read_audit'] as const;

export const SCOPE_LABELS: Record<string, MessageDescriptor> = {
  read: msg`Ler dados`,
  upload: msg`Enviar arquivos`,
  review: msg`Revisar conciliações`,
  manage_rules: msg`Gerenciar regras`,
  export: msg`Exportar`,
  read_audit: msg`Ler a auditoria`,
};

export const EVENTS: readonly WebhookEvent[] = ['FILE_PROCESSED', 'RECONCILIATION_CHANGED'];
export const EVENT_LABELS: Record<WebhookEvent, MessageDescriptor> = {
  FILE_PROCESSED: msg`Arquivo processado`,
  RECONCILIATION_CHANGED: msg`Conciliação alterada`,
};

export const DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['PENDING', 'DELIVERED', 'FAILED'];
export const DELIVERY_LABELS: Record<WebhookDeliveryStatus, MessageDescriptor> = {
  PENDING: msg`Pendente`,
  DELIVERED: msg`Entregue`,
  FAILED: msg`Falhou`,
};

export const INTEGRATION_ERRORS: Record<string, MessageDescriptor> = {
  FORBIDDEN: msg`Só administradores gerenciam clientes de API e webhooks.`,
  NOT_FOUND: msg`Não encontrado: talvez já tenha sido removido. Atualize a página.`,
  WEBHOOK_LIMIT: msg`A organização já tem o máximo de 20 webhooks.`,
  WEBHOOK_DISABLED: msg`O webhook está desativado: ative-o antes de reenviar.`,
  INVALID: msg`Confira os campos marcados.`,
};

export function integrationFieldMessage(field: string, message: string): MessageDescriptor {
  const text = message.toLowerCase();
  if (field === 'url') {
    if (text.includes('https')) return msg`Use um endereço https:// (http só para localhost em desenvolvimento).`;
    if (text.includes('private') || text.includes('public') || text.includes('address')) return msg`O endereço precisa apontar para um servidor público.`;
    return msg`Endereço inválido.`;
  }
  if (field === 'events') return msg`Escolha pelo menos um evento.`;
  if (field === 'scopes') return msg`Escolha pelo menos uma permissão válida.`;
  if (text === 'required') return msg`Obrigatório.`;
  return msg`Valor inválido.`;
}
