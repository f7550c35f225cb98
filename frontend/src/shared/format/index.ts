export { formatAccessKey } from './accessKey';
export { formatCnpj, isValidCnpj, normalizeCnpj } from './cnpj';
export { formatCpf } from './cpf';
export { formatDate } from './date';
export { formatDateOfDateTime, formatDateTime, TIME_ZONE } from './dateTime';
export { formatMoney, isNegativeMoney } from './money';
export { formatTaxId } from './taxId';
