import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { notifications } from '@mantine/notifications';

import { failureMessage } from '../components/fileMessages';
import { isTerminal, type TrackedUpload, type UploadNotifier } from './uploadTracker';

/** "12 documentos, 25 transações": how every upload's notification ends. */
export function countsLine(row: Pick<TrackedUpload, 'documents' | 'transactions'>): string {
  const documents = plural(row.documents, { 0: '# documentos', one: '# documento', other: '# documentos' });
  const transactions = plural(row.transactions, { 0: '# transações', one: '# transação', other: '# transações' });
  return `${documents}, ${transactions}`;
}

function closeProps() {
  return { 'aria-label': i18n._(msg`Fechar notificação`) };
}

/** Mantine's grey description fails AA contrast on white: the body text colour instead. */
const styles = { description: { color: 'var(--mantine-color-text)' } };

function stageLine(row: TrackedUpload): string {
  switch (row.stage) {
    case 'queued':
      return i18n._(msg`Na fila de envio…`);
    case 'sending':
      return i18n._(msg`Enviando…`);
    case 'uploaded':
      return i18n._(msg`Recebido, aguardando processamento…`);
    case 'processing':
      return i18n._(msg`Processando…`);
    default:
      return '';
  }
}

/**
 * One persistent notification per upload (Midday's pattern): it follows the stages and
 * ends with what the file brought in, "N documentos, M transações".
 */
export const mantineUploadNotifier: UploadNotifier = {
  started(row) {
    notifications.show({
      id: row.key,
      title: row.name,
      message: stageLine(row),
      loading: true,
      autoClose: false,
      withCloseButton: true,
      closeButtonProps: closeProps(),
      styles,
    });
  },
  changed(row) {
    if (!isTerminal(row.stage)) {
      notifications.update({ id: row.key, title: row.name, message: stageLine(row), loading: true, autoClose: false, closeButtonProps: closeProps(), styles });
      return;
    }
    if (row.stage !== 'refused' && !row.done) return;
    const failed = row.stage === 'failed' || row.stage === 'refused';
    const problems = row.memberProblems.filter((p) => p.severity === 'failure').length;
    let message: string;
    if (row.stage === 'refused') message = failureMessage(i18n, row.failure?.code ?? 'NETWORK');
    else if (failed) message = `${failureMessage(i18n, row.failure?.code ?? 'PROCESSING_FAILED')} ${countsLine(row)}`;
    else if (problems) message = `${plural(problems, { 0: '# itens com erro', one: '# item com erro', other: '# itens com erro' })} · ${countsLine(row)}`;
    else message = countsLine(row);
    const name = row.name;
    const title = row.duplicate
      ? i18n._(msg`${name}: já enviado antes`)
      : failed
        ? i18n._(msg`${name}: falhou`)
        : i18n._(msg`${name}: concluído`);
    notifications.update({
      id: row.key,
      title,
      message,
      loading: false,
      color: failed ? 'red' : problems ? 'yellow' : 'teal',
      autoClose: failed ? false : 10_000,
      closeButtonProps: closeProps(),
      styles,
    });
  },
};
