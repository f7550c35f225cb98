import { describe, expect, it } from 'vitest';

import { invitationPaths, tokenFromHash } from './routes';

describe('invitation routes', () => {
  it('reads the token from the fragment', () => {
    expect(tokenFromHash('#token=inv_abc_def')).toBe('inv_abc_def');
    expect(tokenFromHash('#token=inv_abc%5Fdef')).toBe('inv_abc_def');
    expect(tokenFromHash('')).toBe('');
    expect(invitationPaths.accept('inv_a_b')).toBe('/convite#token=inv_a_b');
  });
});
