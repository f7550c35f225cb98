import { msg } from '@lingui/core/macro';
import type { MessageDescriptor } from '@lingui/core';
import type { CombinedError } from 'urql';

/** API error codes (top-level `extensions.code` or a UserError's `code`) → our words. */
const MESSAGES: Record<string, MessageDescriptor> = {
  UNAUTHENTICATED: msg`Sua sessão terminou. Entre de novo.`,
  FORBIDDEN: msg`Você não tem permissão para isto.`,
  NOT_FOUND: msg`Não encontrado.`,
  INVALID: msg`Algum dado enviado não é válido.`,
  BAD_USER_INPUT: msg`Algum dado enviado não é válido.`,
  RATE_LIMITED: msg`Muitas tentativas. Aguarde um pouco e tente de novo.`,
  QUERY_TOO_COSTLY: msg`A consulta é grande demais. Reduza os filtros ou a página.`,
  INVALID_CREDENTIALS: msg`E-mail ou senha incorretos.`,
  TOTP_REQUIRED: msg`Informe o código do seu aplicativo autenticador.`,
  INVALID_TOTP: msg`Código inválido ou já usado.`,
  NETWORK: msg`Sem conexão com o servidor.`,
};

const UNKNOWN = msg`Algo deu errado. Tente de novo.`;

export function messageForCode(code: string | null | undefined): MessageDescriptor {
  return (code && MESSAGES[code]) || UNKNOWN;
}

/** The first code of a urql error ("NETWORK" when the request never got an answer). */
export function errorCode(error: CombinedError): string {
  if (error.networkError) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}
