/**
 * What a person types as an amount ("1.234,50", "1234.5", "R$ 10") as the API's decimal
 * string ("1234.50"), or null when it is not an amount. pt-BR first: a comma is the
 * decimal separator and dots group thousands; with no comma, a single dot followed by
 * one or two digits is the decimal point. Never through a JS number.
 */
export function parseDecimalInput(raw: string): string | null {
  let text = raw.replace(/R\$|\s|\u00a0/g, '');
  if (!text) return null;
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  let whole: string;
  let fraction = '';
  if (text.includes(',')) {
    const [left = '', right = '', ...rest] = text.split(',');
    if (rest.length) return null;
    whole = left.replace(/\./g, '');
    fraction = right;
  } else {
    const parts = text.split('.');
    const last = parts.at(-1) ?? '';
    if (parts.length === 2 && last.length <= 2) {
      whole = parts[0] ?? '';
      fraction = last;
    } else {
      whole = parts.join('');
    }
  }
  if (!/^\d+$/.test(whole || '0') || !/^\d*$/.test(fraction)) return null;
  const digits = (whole || '0').replace(/^0+(?=\d)/, '');
  return `${negative ? '-' : ''}${digits}.${fraction.padEnd(2, '0')}`;
}

/** A decimal string as a pt-BR input shows it ("1234.50" → "1234,50"). */
export function decimalToInput(value: string): string {
  return value.replace('.', ',');
}
