import { i18n } from '@lingui/core';
import { I18nProvider } from '@lingui/react';
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { TrackedUpload } from '../hooks/uploadTracker';
import { describeLocation, FAILURE_MESSAGES, failureMessage, readLocation, WARNING_MESSAGES, warningMessage } from './fileMessages';
import { UploadList } from './UploadRow';

beforeAll(() => {
  i18n.loadAndActivate({ locale: 'pt-BR', messages: {} });
});
afterEach(cleanup);

const base: TrackedUpload = {
  key: 'k',
  name: 'notas.zip',
  size: 2048,
  sentBytes: 0,
  stage: 'queued',
  fileId: null,
  kind: null,
  duplicate: false,
  members: 0,
  membersDone: 0,
  documents: 0,
  transactions: 0,
  errors: 0,
  failure: null,
  warnings: [],
  memberProblems: [],
  via: 'live',
  done: false,
};

function show(...rows: Partial<TrackedUpload>[]) {
  render(
    <I18nProvider i18n={i18n}>
      <MantineProvider>
        <UploadList rows={rows.map((r, i) => ({ ...base, key: `k${i}`, ...r }))} />
      </MantineProvider>
    </I18nProvider>,
  );
}

const row = (name: string) => screen.getByRole('listitem', { name });

describe('UploadList', () => {
  it('shows one row per file with its stage', () => {
    show(
      { name: 'a.xml', stage: 'queued' },
      { name: 'b.xml', stage: 'sending', sentBytes: 1024 },
      { name: 'c.zip', stage: 'processing', members: 10, membersDone: 3, fileId: 'F1' },
      { name: 'd.ofx', stage: 'processed', documents: 0, transactions: 12, done: true, fileId: 'F2' },
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(4);
    expect(within(row('a.xml')).getByText('Na fila')).toBeTruthy();
    expect(within(row('b.xml')).getByText('Enviando')).toBeTruthy();
    expect(row('b.xml').textContent).toContain('1\u00a0KB de 2\u00a0KB enviados (50 %)');
    expect(within(row('c.zip')).getByText('Processando')).toBeTruthy();
    expect(within(row('c.zip')).getByText('3 de 10 itens do arquivo compactado lidos')).toBeTruthy();
    expect(within(row('d.ofx')).getByText('Concluído')).toBeTruthy();
    expect(within(row('d.ofx')).getByTestId('counts').textContent).toBe('0 documentos · 12 transações');
  });

  it('says a duplicate upload is one', () => {
    show({ name: 'dup.xml', stage: 'processed', duplicate: true, documents: 1, done: true, fileId: 'F' });
    expect(within(row('dup.xml')).getByText('Já enviado antes')).toBeTruthy();
    expect(within(row('dup.xml')).getByTestId('counts').textContent).toBe('1 documento · 0 transações');
  });

  it('explains a failure in Portuguese, with where it happened', () => {
    show({
      name: 'ruim.xml',
      stage: 'failed',
      done: true,
      fileId: 'F',
      failure: { code: 'MALFORMED_XML', location: { file: 'ruim.xml', line: 3, column: 7 } },
    });
    const alert = within(row('ruim.xml')).getByRole('alert');
    expect(alert.textContent).toContain('O XML está malformado ou cortado');
    expect(alert.textContent).toContain('linha 3, coluna 7');
    expect(alert.textContent).not.toContain('arquivo ruim.xml');
  });

  it('names the archive members that failed and the warnings', () => {
    show({
      name: 'lote.zip',
      stage: 'processed',
      done: true,
      fileId: 'F',
      members: 3,
      membersDone: 3,
      documents: 2,
      errors: 1,
      memberProblems: [
        { id: 'm1', name: 'nfe/quebrada.xml', severity: 'failure', code: 'ZIP_BOMB', location: { member: 'nfe/quebrada.xml' } },
        { id: 'm2', name: 'nfe/outra.xml', severity: 'warning', code: 'DOCUMENT_NOT_OF_COMPANY', location: {} },
      ],
    });
    const item = row('lote.zip');
    expect(item.textContent).toContain('1 item com erro:');
    expect(item.textContent).toContain('nfe/quebrada.xml');
    expect(item.textContent).toContain('possível “bomba zip”');
    expect(item.textContent).toContain('Avisos:');
    expect(item.textContent).toContain('Documento não emitido nem recebido por nenhuma empresa sua');
    expect(within(item).getByTestId('counts').textContent).toBe('2 documentos · 0 transações · 1 erro');
  });

  it('shows a refused upload and the polling fallback', () => {
    show(
      { name: 'grande.zip', stage: 'refused', done: true, failure: { code: 'FILE_TOO_LARGE', location: {} } },
      { name: 'lento.xml', stage: 'processing', via: 'polling', fileId: 'F' },
    );
    expect(within(row('grande.zip')).getByText('Envio recusado')).toBeTruthy();
    expect(within(row('grande.zip')).getByRole('alert').textContent).toContain('grande demais');
    expect(within(row('lento.xml')).getByText('Consultando')).toBeTruthy();
  });
});

describe('code → message', () => {
  const documented = [
    // docs/fiscal.md
    'EMPTY_FILE', 'FILE_TOO_LARGE', 'UNRECOGNIZED_FORMAT', 'UNDECODABLE_ENCODING', 'MALFORMED_XML', 'DTD_FORBIDDEN',
    'ENTITY_FORBIDDEN', 'ARCHIVE_CORRUPT', 'ARCHIVE_TOO_LARGE', 'ZIP_BOMB', 'ARCHIVE_TOO_MANY_MEMBERS', 'ARCHIVE_TOO_DEEP',
    'PATH_TRAVERSAL', 'ARCHIVE_SYMLINK', 'ARCHIVE_ENCRYPTED', 'UNSUPPORTED_LAYOUT', 'UNSUPPORTED_KIND', 'MISSING_FIELD',
    'INVALID_VALUE', 'INVALID_ACCESS_KEY', 'PDF_UNREADABLE',
    // docs/statements.md
    'MALFORMED_OFX', 'MISSING_HEADER', 'REMITTANCE_FILE', 'UNKNOWN_BANK', 'NO_CSV_COLUMNS', 'UNKNOWN_CSV_COLUMNS',
    'UNKNOWN_CSV_PROFILE', 'BAD_DATE', 'BAD_AMOUNT', 'BAD_RECORD_LENGTH', 'ORPHAN_SEGMENT', 'UNKNOWN_RECORD_TYPE', 'BAD_ROW',
    'MISSING_ACCOUNT',
    // docs/pipeline.md
    'VALUE_TOO_LONG', 'NUMBER_OUT_OF_RANGE', 'INVALID_TEXT_REPRESENTATION', 'INVALID_DATETIME', 'DATA_ERROR',
    'NOT_NULL_VIOLATION', 'FOREIGN_KEY_VIOLATION', 'UNIQUE_VIOLATION', 'CHECK_VIOLATION', 'CONSTRAINT_VIOLATION',
    'SERIALIZATION_FAILURE', 'DEADLOCK', 'TRANSACTION_ROLLED_BACK', 'DATABASE_CONNECTION_LOST', 'DATABASE_SHUTDOWN',
    'DATABASE_STARTING', 'DATABASE_RESOURCES', 'DATABASE_ERROR', 'CONNECTION_LOST', 'DATABASE_UNAVAILABLE',
    'STORAGE_UNAVAILABLE', 'READER_FAILED', 'INTERNAL_ERROR', 'PROCESSING_FAILED',
  ];
  const warnings = [
    'DOCUMENT_NOT_OF_COMPANY', 'ACCESS_KEY_MISSING', 'INVALID_ACCESS_KEY', 'ACCESS_KEY_MISMATCH', 'TOTALS_MISMATCH',
    'NFSE_DPS_ONLY', 'EMITTER_INFERRED', 'INVALID_TAX_ID', 'PDF_TOTAL_NOT_FOUND', 'PDF_NAME_NOT_FOUND', 'UNKNOWN_BANK',
    'BALANCE_LINE', 'NO_STATEMENT', 'UNSIGNED_DEBITS', 'MISSING_SEGMENT', 'MISSING_DATE', 'UNSUPPORTED_SEGMENT',
    'UNSUPPORTED_RECORD', 'NUL_BYTES',
  ];

  it('maps every documented failure code to its own message', () => {
    for (const code of documented) expect(FAILURE_MESSAGES[code], code).toBeDefined();
    expect(failureMessage(i18n, 'VALUE_TOO_LONG')).toBe('Um texto do arquivo é mais longo do que o campo permite.');
  });

  it('maps every documented warning code', () => {
    for (const code of warnings) expect(WARNING_MESSAGES[code], code).toBeDefined();
    expect(warningMessage(i18n, 'DOCUMENT_NOT_OF_COMPANY')).toContain('nenhuma empresa sua');
  });

  it('gives an unknown code a generic message that shows the code', () => {
    expect(failureMessage(i18n, 'SOMETHING_NEW')).toBe('Não foi possível processar o arquivo. (código SOMETHING_NEW)');
    expect(warningMessage(i18n, 'ODD')).toBe('Um aviso sobre este arquivo. (código ODD)');
  });

  it('reads locations from failures and from warning details', () => {
    expect(readLocation({ file: 'a.zip', member: 'x/1.xml', line: 2, path: 'infNFe/ide/nNF', junk: 1 })).toEqual({
      file: 'a.zip', member: 'x/1.xml', line: 2, path: 'infNFe/ide/nNF',
    });
    expect(readLocation({ location: { record: 4 } })).toEqual({ record: 4 });
    expect(readLocation(null)).toEqual({});
    expect(describeLocation(i18n, { file: 'a.zip', member: 'x/1.xml', line: 2, path: 'nNF' }, 'a.zip')).toBe('item x/1.xml · linha 2 · campo nNF');
    expect(describeLocation(i18n, { record: 3, column: 9 })).toBe('registro 3');
  });
});
