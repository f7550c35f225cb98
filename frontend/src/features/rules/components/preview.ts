/** The dry run's items with their money: what the preview adds up. */

export interface PreviewChange {
  side: string;
  itemId: string;
  installment?: string | null;
  before: string;
  after: string;
  byThisRule: boolean;
}

export type PreviewNode =
  | { __typename: 'Document'; id: string; number?: string | null; kind: string; total: string; installments: { number?: string | null; amount: string }[] }
  | { __typename: 'Transaction'; id: string; amount: string; description: string; postedOn: string }
  | { __typename: string; id: string };

const SCALE = 10;

function toUnits(value: string): bigint {
  const negative = value.trim().startsWith('-');
  const [whole, fraction = ''] = value.trim().replace(/^[-+]/, '').split('.');
  const units = BigInt(whole || '0') * 10n ** BigInt(SCALE) + BigInt((fraction + '0'.repeat(SCALE)).slice(0, SCALE) || '0');
  return negative ? -units : units;
}

function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / 10n ** BigInt(SCALE);
  let fraction = (abs % 10n ** BigInt(SCALE)).toString().padStart(SCALE, '0').replace(/0+$/, '');
  if (fraction.length < 2) fraction = fraction.padEnd(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Exact decimal sum of money strings (never through JS numbers). */
export function sumMoney(values: readonly string[]): string {
  return fromUnits(values.reduce((total, value) => total + toUnits(value), 0n));
}

export function absMoney(value: string): string {
  return value.trim().replace(/^-/, '');
}

/** The money one changed item stands for: the installment's, the document's, the bank line's (unsigned). */
export function changeAmount(change: PreviewChange, node: PreviewNode | null | undefined): string | null {
  if (!node) return null;
  if (node.__typename === 'Transaction' && 'amount' in node) return absMoney(node.amount);
  if (node.__typename === 'Document' && 'total' in node) {
    if (change.installment) {
      const installment = node.installments.find((i) => i.number === change.installment);
      if (installment) return installment.amount;
    }
    return node.total;
  }
  return null;
}

export interface PreviewSummary {
  items: number;
  byThisRule: number;
  /** Money of the changes listed (at most 100 come back). */
  amount: string;
  /** Every change is listed, so the amount is the whole. */
  complete: boolean;
}

export function summarize(changesTotal: number, byThisRule: number, changes: readonly PreviewChange[], nodes: ReadonlyMap<string, PreviewNode>): PreviewSummary {
  const amounts = changes.map((c) => changeAmount(c, nodes.get(c.itemId))).filter((a): a is string => a !== null);
  return { items: changesTotal, byThisRule, amount: sumMoney(amounts), complete: changes.length >= changesTotal && amounts.length === changes.length };
}
