import { describe, expect, it } from 'vitest';

import { describeFieldMessage, formLocation, mapRuleErrors } from './fieldErrors';
import { emptyAction, emptyCondition, type RuleForm } from './ruleForm';

const form: RuleForm = {
  when: [emptyCondition('memo_contains'), emptyCondition('counterparty'), emptyCondition('field'), emptyCondition('json')],
  then: emptyAction('auto_match'),
  extra: {},
};

describe('formLocation', () => {
  it('puts a condition error beside the field that edits it', () => {
    expect(formLocation('definition.when[2].value', form)).toBe('when.2.value');
    expect(formLocation('definition.when[1].name_regex', form)).toBe('when.1.nameRegex');
    expect(formLocation('definition.when[0].any[1]', form)).toBe('when.0.any');
    expect(formLocation('definition.when[2].value.min', form)).toBe('when.2.min');
  });

  it('falls back to the condition card, the action, or the whole rule', () => {
    expect(formLocation('definition.when[1]', form)).toBe('when.1');
    expect(formLocation('definition.when[3].anything', form)).toBe('when.3');
    expect(formLocation('definition.when[9].value', form)).toBe('definition');
    expect(formLocation('definition.then.tolerance.pct', form)).toBe('then.pct');
    expect(formLocation('definition.then', form)).toBe('then');
    expect(formLocation('definition', form)).toBe('definition');
    expect(formLocation('name', form)).toBe('name');
  });
});

describe('mapRuleErrors', () => {
  it('groups our messages per location, never the server text', () => {
    const errors = mapRuleErrors(
      [
        { field: 'definition.when[2].value', messages: ["op 'regex' needs a str value"] },
        { field: 'name', messages: ['required'] },
      ],
      form,
    );
    expect(Object.keys(errors).sort()).toEqual(['name', 'when.2.value']);
    expect(errors['when.2.value']?.[0]?.message).toContain('operador');
    expect(errors.name?.[0]?.message).toBe('Obrigatório.');
  });

  it('describes known validator messages in Portuguese', () => {
    expect(describeFieldMessage('backreferences (\\1, (?P=name)) are not supported').message).toContain('referências');
    expect(describeFieldMessage('something odd').message).toBe('Valor inválido.');
    expect(describeFieldMessage('at least 10 characters').values).toEqual({ n: 10 });
  });
});
