import { useEffect } from 'react';

/**
 * One stack of hotkey layers for the whole app: a binding fires only when its layer is
 * on top (a modal above a table silences the table's keys), and never while typing in a
 * field unless it says so. Layers are pushed by `useHotkeyLayer` while mounted.
 */
const stack: string[] = ['page'];

export function pushLayer(layer: string): () => void {
  stack.push(layer);
  return () => {
    const at = stack.lastIndexOf(layer);
    if (at >= 0) stack.splice(at, 1);
  };
}

export function topLayer(): string {
  return stack[stack.length - 1] ?? 'page';
}

export function useHotkeyLayer(layer: string, active = true): void {
  useEffect(() => (active ? pushLayer(layer) : undefined), [layer, active]);
}

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export interface Hotkey {
  /** `"/"`, `"j"`, `"mod+z"` (Ctrl or Cmd), `"?"`. */
  key: string;
  run: (event: KeyboardEvent) => void;
  inInputs?: boolean;
}

export function matches(binding: string, event: KeyboardEvent): boolean {
  const parts = binding.toLowerCase().split('+');
  const key = parts.pop();
  const mod = parts.includes('mod');
  if (mod !== (event.ctrlKey || event.metaKey)) return false;
  return event.key.toLowerCase() === key;
}

export function useHotkeys(bindings: Hotkey[], layer = 'page'): void {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (topLayer() !== layer || event.defaultPrevented) return;
      for (const binding of bindings) {
        if (!matches(binding.key, event)) continue;
        if (typing(event.target) && !binding.inInputs) continue;
        event.preventDefault();
        binding.run(event);
        return;
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [bindings, layer]);
}
