import { describe, expect, it } from 'vitest';

import { authPaths, safeNext } from './routes';

describe('auth paths', () => {
  it('carries the page to return to', () => {
    expect(authPaths.login('/documents?q=1')).toBe('/login?next=%2Fdocuments%3Fq%3D1');
    expect(authPaths.login('/')).toBe('/login');
  });

  it('refuses to send anyone off site', () => {
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/documents')).toBe('/documents');
  });
});
