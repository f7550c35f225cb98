import { describe, expect, it } from 'vitest';

import { formatTaxId } from './taxId';

describe('formatTaxId', () => {
  it('tells a CPF from a CNPJ by length', () => {
    expect(formatTaxId('12345678909')).toBe('123.456.789-09');
    expect(formatTaxId('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatTaxId('12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
  });
});
