import type { I18n, MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

/**
 * Every failure code the pipeline records (docs/fiscal.md, docs/statements.md,
 * docs/pipeline.md) → what it means in plain Portuguese, with what to do about it.
 * The server's own message text is never shown.
 */
export const FAILURE_MESSAGES: Record<string, MessageDescriptor> = {
  // Fiscal documents and archives (docs/fiscal.md)
  EMPTY_FILE: msg`O arquivo está vazio.`,
  FILE_TOO_LARGE: msg`O arquivo é grande demais para ser processado (limite de 64 MiB por arquivo).`,
  UNRECOGNIZED_FORMAT: msg`Não reconhecemos o formato: não é NF-e, NFC-e, NFS-e, CT-e, DANFE, ZIP, OFX, CNAB ou CSV de extrato.`,
  UNDECODABLE_ENCODING: msg`Não foi possível ler o texto: a codificação de caracteres é inválida ou o arquivo é binário.`,
  MALFORMED_XML: msg`O XML está malformado ou cortado (confira se o arquivo foi baixado por inteiro).`,
  DTD_FORBIDDEN: msg`O XML traz uma declaração DOCTYPE, recusada por segurança.`,
  ENTITY_FORBIDDEN: msg`O XML declara entidades (ENTITY), recusadas por segurança.`,
  ARCHIVE_CORRUPT: msg`O arquivo ZIP está corrompido ou incompleto.`,
  ARCHIVE_TOO_LARGE: msg`O conteúdo do ZIP descompactado passa do limite; o restante foi ignorado.`,
  ZIP_BOMB: msg`Um item do ZIP se expande demais ao descompactar (possível “bomba zip”) e foi recusado.`,
  ARCHIVE_TOO_MANY_MEMBERS: msg`O ZIP tem arquivos demais (limite de 20.000). Divida-o em partes.`,
  ARCHIVE_TOO_DEEP: msg`Há um ZIP dentro de um ZIP dentro de outro ZIP; só aceitamos um nível.`,
  PATH_TRAVERSAL: msg`Um item do ZIP tem um caminho inseguro (com “..” ou absoluto) e foi recusado.`,
  ARCHIVE_SYMLINK: msg`Um item do ZIP é um link simbólico e foi recusado.`,
  ARCHIVE_ENCRYPTED: msg`Um item do ZIP está protegido por senha. Envie-o sem senha.`,
  UNSUPPORTED_LAYOUT: msg`O XML é de um layout que ainda não lemos (ou uma NF-e de modelo diferente de 55/65).`,
  UNSUPPORTED_KIND: msg`Este tipo de documento (por exemplo, MDF-e) não é conciliado.`,
  MISSING_FIELD: msg`Falta um grupo ou campo obrigatório no documento.`,
  INVALID_VALUE: msg`Um número ou data do documento não pôde ser lido.`,
  INVALID_ACCESS_KEY: msg`A chave de acesso é inválida (dígito verificador ou modelo não conferem).`,
  PDF_UNREADABLE: msg`Não foi possível ler o PDF.`,
  // Bank statements (docs/statements.md)
  MALFORMED_OFX: msg`O OFX não tem extrato nem lançamentos legíveis.`,
  MISSING_HEADER: msg`O arquivo CNAB não começa com o registro de cabeçalho.`,
  REMITTANCE_FILE: msg`Este CNAB é uma remessa (enviada ao banco); envie o arquivo de retorno.`,
  UNKNOWN_BANK: msg`Não conhecemos o layout CNAB deste banco.`,
  NO_CSV_COLUMNS: msg`Não encontramos colunas no CSV (nenhum separador divide as linhas).`,
  UNKNOWN_CSV_COLUMNS: msg`As colunas do CSV não correspondem a nenhum modelo de extrato conhecido.`,
  UNKNOWN_CSV_PROFILE: msg`O modelo de CSV indicado não existe.`,
  BAD_DATE: msg`Uma data do extrato não pôde ser lida.`,
  BAD_AMOUNT: msg`Um valor do extrato não pôde ser lido.`,
  BAD_RECORD_LENGTH: msg`Um registro CNAB tem tamanho diferente do layout.`,
  ORPHAN_SEGMENT: msg`Um segmento CNAB aparece sem o segmento principal.`,
  UNKNOWN_RECORD_TYPE: msg`Um registro CNAB tem tipo desconhecido.`,
  BAD_ROW: msg`Uma linha do CSV não pôde ser lida.`,
  MISSING_ACCOUNT: msg`Uma linha do razão não tem conta de débito nem de crédito.`,
  // Storing what was read (docs/pipeline.md, by SQLSTATE)
  VALUE_TOO_LONG: msg`Um texto do arquivo é mais longo do que o campo permite.`,
  NUMBER_OUT_OF_RANGE: msg`Um número do arquivo é grande demais para ser guardado.`,
  INVALID_TEXT_REPRESENTATION: msg`Um valor do arquivo não tem o formato esperado.`,
  INVALID_DATETIME: msg`Uma data ou hora do arquivo é inválida.`,
  DATA_ERROR: msg`Um dado do arquivo não pôde ser guardado.`,
  NOT_NULL_VIOLATION: msg`Falta um dado obrigatório para guardar o arquivo.`,
  FOREIGN_KEY_VIOLATION: msg`O arquivo se refere a algo que não existe mais.`,
  UNIQUE_VIOLATION: msg`O arquivo repete algo que já está guardado.`,
  CHECK_VIOLATION: msg`Um dado do arquivo foi recusado por uma regra de consistência.`,
  CONSTRAINT_VIOLATION: msg`Um dado do arquivo foi recusado por uma regra de consistência.`,
  SERIALIZATION_FAILURE: msg`Conflito momentâneo ao guardar; reprocesse o arquivo.`,
  DEADLOCK: msg`Conflito momentâneo ao guardar; reprocesse o arquivo.`,
  TRANSACTION_ROLLED_BACK: msg`A gravação foi desfeita; reprocesse o arquivo.`,
  DATABASE_CONNECTION_LOST: msg`A conexão com o banco de dados caiu; reprocesse o arquivo.`,
  DATABASE_SHUTDOWN: msg`O banco de dados estava sendo reiniciado; reprocesse o arquivo.`,
  DATABASE_STARTING: msg`O banco de dados estava iniciando; reprocesse o arquivo.`,
  DATABASE_RESOURCES: msg`O servidor ficou sem recursos; reprocesse o arquivo mais tarde.`,
  DATABASE_ERROR: msg`Erro do banco de dados ao guardar o arquivo.`,
  CONNECTION_LOST: msg`A conexão caiu durante o processamento; reprocesse o arquivo.`,
  DATABASE_UNAVAILABLE: msg`O banco de dados não respondeu; reprocesse o arquivo mais tarde.`,
  STORAGE_UNAVAILABLE: msg`O armazenamento de arquivos não respondeu; reprocesse o arquivo mais tarde.`,
  READER_FAILED: msg`O leitor deste formato falhou neste arquivo; os demais seguiram. Avise o suporte.`,
  INTERNAL_ERROR: msg`Erro interno ao processar o arquivo. Avise o suporte.`,
  PROCESSING_FAILED: msg`O processamento desistiu depois de várias tentativas; reprocesse o arquivo.`,
  // Refused at upload
  RATE_LIMITED: msg`Muitos envios seguidos. Aguarde um pouco e tente de novo.`,
  FORBIDDEN: msg`Seu papel não permite enviar arquivos.`,
  PERMISSION_DENIED: msg`Seu papel não permite enviar arquivos.`,
  INVALID: msg`O envio foi recusado: o arquivo não chegou inteiro. Tente de novo.`,
  CONFLICT: msg`O arquivo mudou durante o envio. Tente de novo.`,
  FILE_BUSY: msg`O arquivo já está sendo processado.`,
  UNAUTHENTICATED: msg`Sua sessão terminou. Entre de novo e reenvie.`,
  NETWORK: msg`Sem conexão com o servidor: o envio não terminou.`,
};

/** What a warning means (it cost no data). */
export const WARNING_MESSAGES: Record<string, MessageDescriptor> = {
  DOCUMENT_NOT_OF_COMPANY: msg`Documento não emitido nem recebido por nenhuma empresa sua: guardado sem direção e fora da conciliação.`,
  ACCESS_KEY_MISSING: msg`O documento não traz chave de acesso.`,
  INVALID_ACCESS_KEY: msg`A chave de acesso tem dígito, tamanho ou caracteres inválidos.`,
  ACCESS_KEY_MISMATCH: msg`A chave de acesso não confere com os dados do próprio documento.`,
  TOTALS_MISMATCH: msg`Um total difere da soma das partes em mais de R$ 0,05.`,
  NFSE_DPS_ONLY: msg`DPS sem a NFS-e correspondente: ainda sem número.`,
  EMITTER_INFERRED: msg`O CNPJ do prestador foi tirado do cabeçalho da mensagem.`,
  INVALID_TAX_ID: msg`Um CNPJ/CPF de uma das partes é inválido e foi deixado de fora.`,
  PDF_TOTAL_NOT_FOUND: msg`Não foi possível ler o valor total no PDF (ficou zero).`,
  PDF_NAME_NOT_FOUND: msg`Não foi possível ler o nome do emitente ou do destinatário no PDF.`,
  UNKNOWN_BANK: msg`Banco sem layout próprio: lido com as posições FEBRABAN.`,
  BALANCE_LINE: msg`Um saldo escrito como lançamento foi lido como saldo diário.`,
  NO_STATEMENT: msg`Lançamentos fora de um extrato foram lidos como um extrato só.`,
  UNSIGNED_DEBITS: msg`Débitos sem sinal foram lidos como negativos.`,
  MISSING_SEGMENT: msg`Um segmento T do CNAB veio sem o seu U.`,
  MISSING_DATE: msg`Um título liquidado veio sem data de crédito ou de ocorrência.`,
  UNSUPPORTED_SEGMENT: msg`Um tipo de segmento CNAB não foi lido.`,
  UNSUPPORTED_RECORD: msg`Um tipo de registro CNAB não foi lido.`,
  NUL_BYTES: msg`Bytes nulos (preenchimento) foram lidos como espaços.`,
};

const UNKNOWN_FAILURE = msg`Não foi possível processar o arquivo.`;
const UNKNOWN_WARNING = msg`Um aviso sobre este arquivo.`;

/** The message of a failure code; an unknown code gets a generic text with the code shown. */
export function failureMessage(i18n: I18n, code: string): string {
  const known = FAILURE_MESSAGES[code];
  if (known) return i18n._(known);
  return `${i18n._(UNKNOWN_FAILURE)} ${i18n._(msg`(código ${code})`)}`;
}

export function warningMessage(i18n: I18n, code: string): string {
  const known = WARNING_MESSAGES[code] ?? FAILURE_MESSAGES[code];
  if (known) return i18n._(known);
  return `${i18n._(UNKNOWN_WARNING)} ${i18n._(msg`(código ${code})`)}`;
}

export interface FailureLocation {
  file?: string;
  member?: string;
  path?: string;
  line?: number;
  column?: number;
  record?: number;
}

/** Reads `failure.location` (JSON) or a warning's details, keeping only what it knows. */
export function readLocation(value: unknown): FailureLocation {
  if (!value || typeof value !== 'object') return {};
  const raw = value as Record<string, unknown>;
  const nested = raw.location && typeof raw.location === 'object' ? (raw.location as Record<string, unknown>) : raw;
  const text = (key: string) => (typeof nested[key] === 'string' && nested[key] ? (nested[key] as string) : undefined);
  const int = (key: string) => (typeof nested[key] === 'number' ? (nested[key] as number) : undefined);
  const location: FailureLocation = {};
  const file = text('file');
  const member = text('member');
  const path = text('path');
  const line = int('line');
  const column = int('column');
  const record = int('record');
  if (file) location.file = file;
  if (member) location.member = member;
  if (path) location.path = path;
  if (line !== undefined) location.line = line;
  if (column !== undefined) location.column = column;
  if (record !== undefined) location.record = record;
  return location;
}

/** "item nfe/1.xml · linha 12, coluna 5 · campo infNFe/ide/nNF" (the file's name is the row's). */
export function describeLocation(i18n: I18n, location: FailureLocation, fileName?: string): string {
  const parts: string[] = [];
  const { file, member, path } = location;
  if (file && file !== fileName) parts.push(i18n._(msg`arquivo ${file}`));
  if (member) parts.push(i18n._(msg`item ${member}`));
  if (location.line !== undefined && location.column !== undefined) {
    const { line, column } = location;
    parts.push(i18n._(msg`linha ${line}, coluna ${column}`));
  } else if (location.line !== undefined) {
    const { line } = location;
    parts.push(i18n._(msg`linha ${line}`));
  }
  if (location.record !== undefined) {
    const { record } = location;
    parts.push(i18n._(msg`registro ${record}`));
  }
  if (path) parts.push(i18n._(msg`campo ${path}`));
  return parts.join(' · ');
}
