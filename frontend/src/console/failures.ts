import { msg } from '@lingui/core/macro';
import type { I18n, MessageDescriptor } from '@lingui/core';

/**
 * Why a file failed, in our words: the parsers' stable codes (backend/fiscal/codes.py and
 * the bank statement parsers) → a sentence for support staff. The parser's own message
 * (English, technical) is shown apart, as a detail.
 */
const FAILURES: Record<string, MessageDescriptor> = {
  EMPTY_FILE: msg`O arquivo está vazio.`,
  FILE_TOO_LARGE: msg`O arquivo passa do tamanho máximo aceito.`,
  UNRECOGNIZED_FORMAT: msg`Formato não reconhecido: não é documento fiscal, arquivo compactado nem extrato bancário suportado.`,
  UNDECODABLE_ENCODING: msg`Caracteres inválidos para a codificação declarada (ou bytes binários no texto).`,
  MALFORMED_XML: msg`XML malformado ou truncado: o conteúdo não é um XML válido.`,
  DTD_FORBIDDEN: msg`O XML declara um DOCTYPE, recusado por segurança.`,
  ENTITY_FORBIDDEN: msg`O XML declara uma ENTITY, recusada por segurança.`,
  ARCHIVE_CORRUPT: msg`Arquivo compactado corrompido ou truncado.`,
  ARCHIVE_TOO_LARGE: msg`O conteúdo descompactado passa do limite; o restante foi ignorado.`,
  ZIP_BOMB: msg`Um item do ZIP se expande demais (possível bomba de compressão).`,
  ARCHIVE_TOO_MANY_MEMBERS: msg`O arquivo compactado tem itens demais.`,
  ARCHIVE_TOO_DEEP: msg`Há ZIPs dentro de ZIPs além do nível permitido.`,
  PATH_TRAVERSAL: msg`Um item do ZIP tem um caminho inseguro (.., absoluto ou com unidade).`,
  ARCHIVE_SYMLINK: msg`O ZIP contém um link simbólico, recusado.`,
  ARCHIVE_ENCRYPTED: msg`O ZIP tem um item protegido por senha.`,
  UNSUPPORTED_LAYOUT: msg`Leiaute de XML desconhecido (ou NF-e de modelo diferente de 55/65).`,
  UNSUPPORTED_KIND: msg`Tipo de documento reconhecido, mas não suportado (por exemplo, MDF-e).`,
  MISSING_FIELD: msg`Falta um grupo ou campo obrigatório.`,
  MISSING_HEADER: msg`Falta o cabeçalho do arquivo.`,
  MISSING_SEGMENT: msg`Falta um segmento obrigatório do arquivo bancário.`,
  MISSING_ACCOUNT: msg`O extrato não identifica a conta.`,
  MISSING_DATE: msg`Falta uma data obrigatória.`,
  INVALID_VALUE: msg`Um número ou data não pôde ser lido.`,
  INVALID_DATETIME: msg`Uma data e hora não pôde ser lida.`,
  INVALID_ACCESS_KEY: msg`A chave de acesso não confere (dígito verificador).`,
  INVALID_TAX_ID: msg`CNPJ ou CPF inválido.`,
  PDF_UNREADABLE: msg`O PDF não pôde ser lido.`,
  MALFORMED_OFX: msg`OFX malformado.`,
  UNKNOWN_BANK: msg`Banco não reconhecido.`,
  UNKNOWN_CSV_COLUMNS: msg`Colunas do CSV não reconhecidas.`,
  UNKNOWN_CSV_PROFILE: msg`Modelo de CSV não reconhecido.`,
  UNKNOWN_RECORD_TYPE: msg`Tipo de registro desconhecido no arquivo bancário.`,
  UNSUPPORTED_RECORD: msg`Registro não suportado no arquivo bancário.`,
  UNSUPPORTED_SEGMENT: msg`Segmento não suportado no arquivo bancário.`,
};

const UNKNOWN_FAILURE = msg`Falha no processamento.`;

export function failureMessage(code: string): MessageDescriptor {
  return FAILURES[code] ?? UNKNOWN_FAILURE;
}

interface FailureLocation {
  file?: unknown;
  member?: unknown;
  path?: unknown;
  line?: unknown;
  column?: unknown;
  offset?: unknown;
  record?: unknown;
}

/** Where the parser stopped, in words: "item x.xml · linha 3, coluna 7 · campo /NFe/infNFe". */
export function formatLocation(location: unknown, i18n: I18n): string {
  if (!location || typeof location !== 'object') return '';
  const { member, line, column, record, offset, path } = location as FailureLocation;
  const parts: string[] = [];
  if (typeof member === 'string') parts.push(i18n._(msg`item ${member}`));
  if (typeof line === 'number' && typeof column === 'number') {
    parts.push(i18n._(msg`linha ${line}, coluna ${column}`));
  } else if (typeof line === 'number') {
    parts.push(i18n._(msg`linha ${line}`));
  }
  if (typeof record === 'number') parts.push(i18n._(msg`registro ${record}`));
  if (typeof offset === 'number') parts.push(i18n._(msg`byte ${offset}`));
  if (typeof path === 'string' && path !== '/') parts.push(i18n._(msg`campo ${path}`));
  return parts.join(' · ');
}
