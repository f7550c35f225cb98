import { describe, expect, it } from 'vitest';

import { definitionToForm, EMPTY_FORM, formToDefinition, JsonSyntaxError, splitList } from './ruleForm';

describe('rule form ↔ definition', () => {
  it('round-trips the documented examples unchanged', () => {
    const examples = [
      { when: [{ type: 'memo_contains', any: ['TARIFA', 'TAR '.trim()] }], then: { type: 'classify', ledger_account: '3.1.2.01' } },
      {
        when: [
          { type: 'counterparty', tax_ids: ['07526557000100'] },
          { type: 'amount_tolerance', pct: '2' },
          { type: 'days_window', reference: 'due_date', min: -5, max: 30 },
        ],
        then: { type: 'auto_match', tolerance: { pct: '2' } },
      },
      { when: [{ type: 'field', field: 'document.direction', op: 'equals', value: 'receivable' }], then: { type: 'require_review', above: '50000.00' } },
      { when: [{ type: 'field', field: 'transaction.amount', op: 'range', value: { min: '10.00', max: '99.99' } }], then: { type: 'suggest_only' } },
      { when: [{ type: 'cfop', in: ['5102', '6102'] }, { type: 'account', in: ['12345-6'] }], then: { type: 'ignore_transaction' } },
    ];
    for (const definition of examples) {
      expect(formToDefinition(definitionToForm(definition))).toEqual(definition);
    }
  });

  it('maps the common conditions onto fields', () => {
    const form = definitionToForm({
      when: [{ type: 'memo_contains', any: ['TARIFA', 'TAR'] }, { type: 'field', field: 'transaction.type', op: 'in', value: ['fee', 'tax'] }],
      then: { type: 'classify', ledger_account: '3.1' },
    });
    expect(form.when[0]).toEqual({ kind: 'memo_contains', any: 'TARIFA, TAR' });
    expect(form.when[1]).toMatchObject({ kind: 'field', op: 'in', value: 'fee, tax' });
    expect(form.then).toEqual({ kind: 'classify', ledgerAccount: '3.1' });
  });

  it('keeps what the form does not model as JSON, and extra keys as they were', () => {
    const definition = {
      note: 'kept',
      when: [{ type: 'memo_contains', any: ['X'], extra: 1 }, { type: 'future_condition', x: 1 }, { type: 'field', field: 'document.amount', op: 'equals', value: 10 }],
      then: { type: 'auto_match', tolerance: { abs: '1.00' }, strict: true },
    };
    const form = definitionToForm(definition);
    expect(form.when.map((c) => c.kind)).toEqual(['json', 'json', 'json']);
    expect(form.then.kind).toBe('json');
    expect(formToDefinition(form)).toEqual(definition);
  });

  it('writes lists from commas or lines, drops blank numbers and cleans tax ids', () => {
    expect(splitList('A, B\n C ,,')).toEqual(['A', 'B', 'C']);
    const definition = formToDefinition({
      when: [
        { kind: 'counterparty', taxIds: '07.526.557/0001-00', nameRegex: '' },
        { kind: 'days_window', reference: 'issue_date', min: '', max: '10' },
        { kind: 'amount_tolerance', abs: ' 2.50 ', pct: '' },
      ],
      then: { kind: 'auto_match', abs: '', pct: '' },
      extra: {},
    });
    expect(definition).toEqual({
      when: [
        { type: 'counterparty', tax_ids: ['07526557000100'] },
        { type: 'days_window', reference: 'issue_date', max: 10 },
        { type: 'amount_tolerance', abs: '2.50' },
      ],
      then: { type: 'auto_match' },
    });
  });

  it('reports JSON that does not parse with its place', () => {
    expect(() => formToDefinition({ ...EMPTY_FORM, when: [{ kind: 'json', json: '{oops' }] })).toThrow(JsonSyntaxError);
    try {
      formToDefinition({ ...EMPTY_FORM, when: [{ kind: 'json', json: '{oops' }] });
    } catch (error) {
      expect((error as JsonSyntaxError).path).toBe('when[0]');
    }
  });

  it('reads a missing or odd definition as an empty form', () => {
    expect(definitionToForm(null)).toMatchObject({ when: [], extra: {} });
  });
});
