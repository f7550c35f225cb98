const STRIP = /[\s./-]/g;
/** 12 letters or digits (the alphanumeric CNPJ from July 2026 on) and 2 check digits. */
const CNPJ = /^[0-9A-Z]{12}\d{2}$/;

/** Letters and digits only, upper case: what the API and the check digits work on. */
export function normalizeCnpj(value: string): string {
  return value.replace(STRIP, '').toUpperCase();
}

/**
 * "11.222.333/0001-81", and the alphanumeric kind alike ("12.ABC.345/01DE-35").
 * A value that is not a CNPJ comes back unchanged.
 */
export function formatCnpj(value: string): string {
  const raw = normalizeCnpj(value);
  if (!CNPJ.test(raw)) return value;
  return `${raw.slice(0, 2)}.${raw.slice(2, 5)}.${raw.slice(5, 8)}/${raw.slice(8, 12)}-${raw.slice(12)}`;
}

function checkDigit(chars: string): number {
  let weight = 2;
  let sum = 0;
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    sum += (chars.charCodeAt(i) - 48) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** Whether the check digits agree (each character counts as its code minus 48). */
export function isValidCnpj(value: string): boolean {
  const raw = normalizeCnpj(value);
  if (!CNPJ.test(raw) || /^(\d)\1{13}$/.test(raw)) return false;
  const first = checkDigit(raw.slice(0, 12));
  const second = checkDigit(raw.slice(0, 12) + String(first));
  return raw.slice(12) === `${first}${second}`;
}
