export interface PartyLike {
  name?: string | null;
  document?: string | null;
}

export interface DocumentLike {
  direction?: string | null;
  counterpartyDocument?: string | null;
  emitter?: PartyLike | null;
  receiver?: PartyLike | null;
}

/**
 * The other party of a document: who pays a receivable (the receiver), who is paid on a
 * payable (the emitter). Its CNPJ/CPF from counterpartyDocument when the API has it.
 */
export function documentParty(doc: DocumentLike | null | undefined): { name: string | null; document: string | null } {
  if (!doc) return { name: null, document: null };
  const party = doc.direction === 'PAYABLE' ? doc.emitter : doc.direction === 'RECEIVABLE' ? doc.receiver : (doc.receiver ?? doc.emitter);
  return { name: party?.name ?? null, document: doc.counterpartyDocument ?? party?.document ?? null };
}
