import { TextInput } from '@mantine/core';
import { useState } from 'react';

import { decimalToInput, parseDecimalInput } from '../../../shared/format/decimalInput';

interface Props {
  label: string;
  /** A decimal string ("1234.50") or "". */
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** An amount typed the Brazilian way, sent as a decimal string when the field is left. */
export function AmountInput({ label, value, onChange, error }: Props) {
  const [text, setText] = useState(value ? decimalToInput(value) : '');
  const [invalid, setInvalid] = useState(false);
  // The URL changed under the field (cleared filters, back button): show its value.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value ? decimalToInput(value) : '');
  }
  function commit() {
    if (!text.trim()) {
      setInvalid(false);
      if (value) onChange('');
      return;
    }
    const parsed = parseDecimalInput(text);
    setInvalid(parsed === null);
    if (parsed !== null && parsed !== value) onChange(parsed);
  }
  return (
    <TextInput
      label={label}
      value={text}
      inputMode="decimal"
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      error={invalid ? error : undefined}
      w={{ base: '46%', sm: 130 }}
    />
  );
}
