import { msg } from '@lingui/core/macro';
import type { MessageDescriptor } from '@lingui/core';
import type { CombinedError } from 'urql';

import { messageForCode } from '../shared/graphql/errors';

/** The codes the support fields answer, in our words; the rest as in the web app. */
const MESSAGES: Record<string, MessageDescriptor> = {
  INVALID_CREDENTIALS: msg`E-mail ou senha incorretos, ou esta conta não é da equipe de suporte.`,
  STAFF_ONLY: msg`Só a equipe de suporte da plataforma pode usar este console.`,
  TOTP_ENROLLMENT_REQUIRED: msg`Cadastre um aplicativo autenticador antes de continuar.`,
  SUPPORT_GRANT_NOT_FOUND: msg`Este acesso não está mais disponível: foi revogado, expirou ou não é seu. Peça um novo acesso a um administrador da organização.`,
  SUPPORT_GRANT_INACTIVE: msg`O acesso de suporte terminou (foi revogado ou expirou). Nada mais foi feito nesta organização.`,
  STAFF_TOKEN_NOT_ALLOWED: msg`Entre por um acesso concedido pela organização para ver os dados dela.`,
  FILE_BUSY: msg`O arquivo ainda está sendo processado. Tente de novo em instantes.`,
  FORBIDDEN: msg`O papel deste acesso não permite esta ação.`,
  PERMISSION_DENIED: msg`O papel deste acesso não permite esta ação.`,
  NOT_FOUND: msg`Não encontrado.`,
};

export function consoleMessage(code: string | null | undefined): MessageDescriptor {
  return (code && MESSAGES[code]) || messageForCode(code);
}

/** The first code of a urql error ("NETWORK" when the request never got an answer). */
export function consoleErrorCode(error: CombinedError): string {
  if (error.networkError) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}
