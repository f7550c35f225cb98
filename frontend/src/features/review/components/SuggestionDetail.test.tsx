import { I18nProvider } from '@lingui/react';
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { i18n } from '../../../app/i18n';
import { makeFragmentData } from '../../../gql';
import { ReviewDetailFragment, SuggestionDetail } from './SuggestionDetail';

i18n.activate('pt-BR');
afterEach(cleanup);

function wrap(node: ReactNode) {
  return render(
    <I18nProvider i18n={i18n}>
      <MantineProvider>{node}</MantineProvider>
    </I18nProvider>,
  );
}

const suggestion = makeFragmentData(
  {
    id: 'R1',
    status: 'SUGGESTED',
    score: '0.9523',
    difference: '12.00',
    decidedBy: 'SYSTEM',
    reasons: [
      { code: 'amount', message: 'Valor igual ao da parcela' },
      { code: 'party', message: 'CNPJ do pagador no histórico' },
    ],
    documents: [
      {
        amount: '1000.00',
        document: {
          id: 'D1',
          number: '1001',
          direction: 'RECEIVABLE',
          counterpartyDocument: '11222333000181',
          emitter: { name: 'Nós SA', document: '99' },
          receiver: { name: 'Cliente Ltda', document: '11222333000181' },
        },
        installment: { id: 'I1', number: '001', dueDate: '2026-10-13', amount: '1000.00', openAmount: '1000.00' },
      },
    ],
    transactions: [
      {
        amount: '1012.00',
        transaction: { id: 'T1', postedOn: '2026-10-14', amount: '1012.00', description: 'PIX RECEBIDO', counterparty: { name: 'CLIENTE', document: null } },
      },
    ],
  },
  ReviewDetailFragment,
);

describe('SuggestionDetail', () => {
  it('shows both sides, the bold difference, the score and every reason', () => {
    wrap(<SuggestionDetail reconciliation={suggestion} onCommand={() => {}} />);
    expect(screen.getByText(/Confiança 95/)).toBeTruthy();
    expect(screen.getByText('11.222.333/0001-81')).toBeTruthy();
    expect(screen.getByText('13/10/2026')).toBeTruthy();
    expect(screen.getByText('14/10/2026')).toBeTruthy();
    expect(screen.getByText('NF 1001 · parcela 001')).toBeTruthy();
    expect(screen.getByTestId('review-difference').textContent).toBe('R$\u00a012,00');
    expect(screen.getByText('Valor igual ao da parcela')).toBeTruthy();
    expect(screen.getByText('CNPJ do pagador no histórico')).toBeTruthy();
  });

  it('shows each key on its button and sends the command', () => {
    const onCommand = vi.fn();
    wrap(<SuggestionDetail reconciliation={suggestion} onCommand={onCommand} />);
    const accept = screen.getByRole('button', { name: /^Aceitar/ });
    expect(accept.textContent).toContain('A');
    fireEvent.click(accept);
    fireEvent.click(screen.getByRole('button', { name: /^Rejeitar/ }));
    expect(onCommand.mock.calls).toEqual([['accept'], ['reject']]);
  });
});
