import { formatCnpj } from './cnpj';
import { formatCpf } from './cpf';

/** A counterparty's document as the API gives it: a CPF (11 digits) or a CNPJ (14). */
export function formatTaxId(value: string): string {
  const raw = value.replace(/[\s./-]/g, '');
  return raw.length === 11 ? formatCpf(raw) : formatCnpj(value);
}
