/** "123.456.789-09"; a value that is not 11 digits comes back unchanged. */
export function formatCpf(value: string): string {
  const raw = value.replace(/[\s.-]/g, '');
  if (!/^\d{11}$/.test(raw)) return value;
  return `${raw.slice(0, 3)}.${raw.slice(3, 6)}.${raw.slice(6, 9)}-${raw.slice(9)}`;
}
