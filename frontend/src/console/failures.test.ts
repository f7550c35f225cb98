import { i18n } from '@lingui/core';
import { beforeAll, describe, expect, it } from 'vitest';

import { failureMessage, formatLocation } from './failures';

describe('failures', () => {
  beforeAll(() => {
    i18n.load('pt-BR', {});
    i18n.activate('pt-BR');
  });

  it('says where the parser stopped', () => {
    expect(formatLocation({ member: 'a.xml', line: 3, column: 7, path: '/NFe' }, i18n)).toBe(
      'item a.xml · linha 3, coluna 7 · campo /NFe',
    );
    expect(formatLocation({ record: 12 }, i18n)).toBe('registro 12');
    expect(formatLocation({ path: '/' }, i18n)).toBe('');
    expect(formatLocation(null, i18n)).toBe('');
  });

  it('has a message for every code, and one for unknown codes', () => {
    expect(failureMessage('MALFORMED_XML')).not.toBe(failureMessage('EMPTY_FILE'));
    expect(failureMessage('SOMETHING_NEW')).toBe(failureMessage('OTHER_NEW'));
  });
});
