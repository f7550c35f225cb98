import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { messageForCode } from '../../../shared/graphql/errors';

/** The review's error codes (UserError.code, SkippedDecision.code) → pt-BR, never server text. */
const REVIEW_MESSAGES: Record<string, MessageDescriptor> = {
  NOT_A_SUGGESTION: msg`Esta sugestão já foi decidida (talvez por outra pessoa).`,
  ITEMS_NOT_OPEN: msg`Algum item já não está em aberto: foi conciliado em outro lugar.`,
  CHANGED_SINCE: msg`Isto mudou depois da decisão; não dá mais para desfazê-la.`,
  NOTHING_TO_UNDO: msg`Esta decisão já foi desfeita.`,
  NOT_MATCHED: msg`Esta conciliação não está mais conciliada.`,
  NOT_FOUND: msg`Não encontrada: talvez já tenha sido removida.`,
  REASON_REQUIRED: msg`Diga o motivo: os valores dos dois lados diferem.`,
};

export function reviewMessage(code: string | null | undefined): MessageDescriptor {
  return (code && REVIEW_MESSAGES[code]) || messageForCode(code);
}
