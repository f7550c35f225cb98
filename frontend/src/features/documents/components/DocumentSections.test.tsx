import { I18nProvider } from '@lingui/react';
import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';

import { i18n } from '../../../app/i18n';
import { makeFragmentData } from '../../../gql';
import {
  DocumentEvents,
  DocumentEventsFragment,
  DocumentHeader,
  DocumentHeaderFragment,
  DocumentInstallments,
  DocumentInstallmentsFragment,
  DocumentItems,
  DocumentItemsFragment,
  DocumentPartyFragment,
  DocumentReconciliations,
  DocumentReconciliationsFragment,
  DocumentWarnings,
  DocumentWarningsFragment,
  totalsRows,
} from './DocumentSections';
import { ReconciliationHistoryFragment } from './ReconciliationHistory';

i18n.activate('pt-BR');

function wrap(node: ReactNode) {
  return render(
    <I18nProvider i18n={i18n}>
      <MantineProvider>
        <MemoryRouter>{node}</MemoryRouter>
      </MantineProvider>
    </I18nProvider>,
  );
}

const party = (document: string, name: string) =>
  makeFragmentData({ document, documentType: null, name, stateRegistration: null, address: { municipality: 'São Paulo', uf: 'SP' } }, DocumentPartyFragment);

const header = makeFragmentData(
  {
    id: 'D1',
    kind: 'NFE',
    layout: null,
    number: '1001',
    series: '1',
    accessKey: '35261011222333000181550010000010011000010010',
    issuedAt: '2026-10-05T10:00:00-03:00',
    status: 'AUTHORIZED',
    direction: 'RECEIVABLE',
    total: '1234.50',
    totals: { products: '1200.00', freight: '34.50', total: '1234.50', bogus: 3 },
    confidence: '1',
    createdAt: '2026-10-05T10:00:00-03:00',
    emitter: party('11222333000181', 'Emitente SA'),
    receiver: party('12345678909', 'Fulano'),
    company: null,
    events: [{ id: 'E1', cancels: true, eventType: '110111', occurredAt: '2026-10-06T09:00:00-03:00' }],
  },
  DocumentHeaderFragment,
);

// Testing Library collapses whitespace (the NBSP after R$ included) before matching.
describe('document page sections', () => {
  it('shows the canonical fields, formatted ids and a visible cancellation', () => {
    wrap(<DocumentHeader document={header} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('NF-e 1001 · série 1');
    expect(screen.getByText('Documento cancelado')).toBeTruthy();
    expect(screen.getAllByText('Cancelada').length).toBeGreaterThan(0);
    expect(screen.getByText('11.222.333/0001-81')).toBeTruthy();
    expect(screen.getByText('123.456.789-09')).toBeTruthy();
    expect(screen.getByText('3526 1011 2223 3300 0181 5500 1000 0010 0110 0001 0010')).toBeTruthy();
    expect(screen.getAllByText('R$ 1.234,50').length).toBeGreaterThan(0);
    expect(screen.getByText('R$ 34,50')).toBeTruthy();
  });

  it('keeps only known totals, as strings', () => {
    expect(totalsRows({ products: '1.00', total: '1.00', icms: '', weird: '2' }).map((r) => r.key)).toEqual(['products']);
    expect(totalsRows(null)).toEqual([]);
  });

  it('lists installments with due date (from the string), amounts and status', () => {
    const doc = makeFragmentData(
      {
        installments: [
          { id: 'I1', number: '001', dueDate: '2026-11-05', amount: '617.25', openAmount: '0.00', status: 'RECONCILED' },
          { id: 'I2', number: '002', dueDate: '2026-12-05', amount: '617.25', openAmount: '617.25', status: 'OPEN' },
        ],
      },
      DocumentInstallmentsFragment,
    );
    wrap(<DocumentInstallments document={doc} />);
    const table = screen.getByRole('table');
    expect(within(table).getByText('05/11/2026')).toBeTruthy();
    expect(within(table).getByText('05/12/2026')).toBeTruthy();
    expect(within(table).getByText('Conciliada')).toBeTruthy();
    expect(within(table).getAllByText('Em aberto').length).toBeGreaterThan(1);
    expect(within(table).getAllByText('R$ 617,25')).toHaveLength(3);
  });

  it('shows items with their taxes', () => {
    const doc = makeFragmentData(
      {
        items: [
          {
            number: 1,
            code: 'P-1',
            description: 'Parafuso',
            ncm: '73181500',
            cfop: '5102',
            unit: 'UN',
            quantity: '10.0000',
            unitPrice: '1.2345',
            total: '12.35',
            discount: null,
            taxes: [{ kind: 'icms', cst: '00', base: '12.35', rate: '18.00', amount: '2.22' }],
          },
        ],
      },
      DocumentItemsFragment,
    );
    wrap(<DocumentItems document={doc} />);
    expect(screen.getByText('Parafuso')).toBeTruthy();
    expect(screen.getByText('ICMS')).toBeTruthy();
    expect(screen.getByText('R$ 1,2345')).toBeTruthy();
    expect(screen.getByText('R$ 2,22')).toBeTruthy();
  });

  it('names cancellation and CC-e events', () => {
    const doc = makeFragmentData(
      {
        events: [
          { id: 'E1', kind: 'nfe_event', eventType: '110110', sequence: 1, cancels: false, occurredAt: null, details: { correction: 'Endereço corrigido' } },
          { id: 'E2', kind: 'nfe_event', eventType: '110111', sequence: 1, cancels: true, occurredAt: null, details: { justification: 'Erro de digitação' } },
        ],
      },
      DocumentEventsFragment,
    );
    wrap(<DocumentEvents document={doc} />);
    expect(screen.getByText('Carta de correção (CC-e)')).toBeTruthy();
    expect(screen.getByText('Cancelamento')).toBeTruthy();
    expect(screen.getByText('Correção: Endereço corrigido')).toBeTruthy();
  });

  it('words warnings by code, never the server text', () => {
    const doc = makeFragmentData({ confidence: '0.8', warnings: [{ code: 'TOTALS_MISMATCH', message: 'raw server text' }, { code: 'NEW_CODE', message: 'x' }] }, DocumentWarningsFragment);
    wrap(<DocumentWarnings document={doc} />);
    expect(screen.getByText('Os totais não fecham com a soma dos itens.')).toBeTruthy();
    expect(screen.getByText('Aviso NEW_CODE')).toBeTruthy();
    expect(screen.queryByText('raw server text')).toBeNull();
  });

  it('lists the reconciliation history with a link to the review screen', () => {
    const rec = makeFragmentData(
      {
        id: 'R1',
        status: 'MATCHED',
        score: '0.875',
        difference: '0.00',
        decidedBy: 'RULE',
        decidedAt: '2026-11-05T12:00:00-03:00',
        createdAt: '2026-11-05T11:00:00-03:00',
        reasons: [{ code: 'AMOUNT_EXACT', message: 'x' }],
        rule: { id: 'RU1', name: 'Pix do cliente' },
        documents: [],
        transactions: [{ amount: '617.25', transaction: { id: 'T1', postedOn: '2026-11-05', description: 'PIX RECEBIDO' } }],
      },
      ReconciliationHistoryFragment,
    );
    const doc = makeFragmentData({ reconciliations: [{ id: 'R1', ...rec }] }, DocumentReconciliationsFragment);
    wrap(<DocumentReconciliations document={doc} />);
    expect(screen.getByText('Conciliado')).toBeTruthy();
    expect(screen.getByText('Regra')).toBeTruthy();
    expect(screen.getByText('Pix do cliente')).toBeTruthy();
    expect(screen.getByText(/88/)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Abrir na revisão' });
    expect(link.getAttribute('href')).toBe('/review?reconciliation=R1');
    expect(screen.getByRole('link', { name: /PIX RECEBIDO/ }).getAttribute('href')).toBe('/transactions/T1');
  });
});
