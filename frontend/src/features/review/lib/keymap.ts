import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

export type ReviewCommand = 'next' | 'previous' | 'accept' | 'reject' | 'skip' | 'candidates' | 'search' | 'undo' | 'help' | 'unmatch' | 'history';

export interface KeyBinding {
  command: ReviewCommand;
  /** Bindings for the shared hotkeys layer ("j", "arrowdown", "mod+z"). */
  keys: string[];
  /** What the button's kbd and the help dialog show. */
  shown: string[];
  label: MessageDescriptor;
}

/** The review screen's keys, declared once: the hotkeys, the buttons' kbd and the help dialog read it. */
export const REVIEW_KEYMAP: readonly KeyBinding[] = [
  { command: 'next', keys: ['j', 'arrowdown'], shown: ['J', '↓'], label: msg`Próximo item` },
  { command: 'previous', keys: ['k', 'arrowup'], shown: ['K', '↑'], label: msg`Item anterior` },
  { command: 'accept', keys: ['a', 'enter'], shown: ['A', 'Enter'], label: msg`Aceitar a sugestão` },
  { command: 'reject', keys: ['r'], shown: ['R'], label: msg`Rejeitar a sugestão` },
  { command: 'skip', keys: ['s'], shown: ['S'], label: msg`Pular (decidir depois)` },
  { command: 'candidates', keys: ['c'], shown: ['C'], label: msg`Escolher outro candidato` },
  { command: 'search', keys: ['/'], shown: ['/'], label: msg`Buscar candidatos` },
  { command: 'unmatch', keys: ['u'], shown: ['U'], label: msg`Desfazer a conciliação (conciliadas)` },
  { command: 'undo', keys: ['mod+z'], shown: ['Ctrl', 'Z'], label: msg`Desfazer a última decisão` },
  { command: 'history', keys: ['h'], shown: ['H'], label: msg`Histórico de decisões` },
  { command: 'help', keys: ['?'], shown: ['?'], label: msg`Atalhos de teclado` },
];

export function bindingOf(command: ReviewCommand): KeyBinding {
  const found = REVIEW_KEYMAP.find((b) => b.command === command);
  if (!found) throw new Error(command);
  return found;
}

/** The command a key event asks for (the shared layer's matching rules), or null. */
export function commandFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>): ReviewCommand | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  for (const binding of REVIEW_KEYMAP) {
    for (const k of binding.keys) {
      const parts = k.split('+');
      const name = parts.pop();
      if (parts.includes('mod') === mod && name === key) return binding.command;
    }
  }
  return null;
}
