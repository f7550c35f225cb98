import { describe, expect, it } from 'vitest';

import { formatCnpj, isValidCnpj, normalizeCnpj } from './cnpj';

describe('formatCnpj', () => {
  it('formats a numeric CNPJ', () => {
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatCnpj('11.222.333/0001-81')).toBe('11.222.333/0001-81');
  });

  it('formats an alphanumeric CNPJ, upper-casing it', () => {
    expect(formatCnpj('12abc34501de35')).toBe('12.ABC.345/01DE-35');
  });

  it('returns what is not a CNPJ unchanged', () => {
    expect(formatCnpj('1122233300018')).toBe('1122233300018');
    expect(formatCnpj('12ABC34501DEXY')).toBe('12ABC34501DEXY');
  });

  it('checks the digits, numeric and alphanumeric', () => {
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11.222.333/0001-82')).toBe(false);
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('00000000000000')).toBe(false);
    expect(normalizeCnpj(' 12.abc.345/01de-35 ')).toBe('12ABC34501DE35');
  });
});
