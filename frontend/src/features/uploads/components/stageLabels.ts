import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { Stage } from '../hooks/uploadTracker';

export const STAGE_LABELS: Record<Stage, MessageDescriptor> = {
  queued: msg`Na fila`,
  sending: msg`Enviando`,
  uploaded: msg`Recebido`,
  processing: msg`Processando`,
  processed: msg`Concluído`,
  failed: msg`Falhou`,
  refused: msg`Envio recusado`,
};

/** The dot's colour (dot badges keep the text in the body colour: AA contrast). */
export const STAGE_COLORS: Record<Stage, string> = {
  queued: 'gray.7',
  sending: 'indigo.8',
  uploaded: 'indigo.8',
  processing: 'indigo.8',
  processed: 'teal.9',
  failed: 'red.9',
  refused: 'red.9',
};

/** A file's status as the API writes it ("processed") → the same words as the progress rows. */
export const STATUS_LABELS: Record<string, MessageDescriptor> = {
  uploaded: STAGE_LABELS.uploaded,
  processing: STAGE_LABELS.processing,
  processed: msg`Processado`,
  failed: STAGE_LABELS.failed,
};

export const STATUS_COLORS: Record<string, string> = {
  uploaded: 'gray.7',
  processing: 'indigo.8',
  processed: 'teal.9',
  failed: 'red.9',
};
