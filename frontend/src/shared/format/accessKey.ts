/** A 44-digit NF-e/CT-e access key in eleven groups of four; anything else unchanged. */
export function formatAccessKey(value: string): string {
  const raw = value.replace(/\s/g, '');
  if (!/^\d{44}$/.test(raw)) return value;
  return raw.replace(/(\d{4})(?=\d)/g, '$1 ');
}
