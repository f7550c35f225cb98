import { defineConfig } from '@lingui/cli';
import { formatter } from '@lingui/format-po';

// pt-BR is the source language: messages are written in Portuguese in the code.
export default defineConfig({
  sourceLocale: 'pt-BR',
  locales: ['pt-BR', 'en'],
  // No fallback: `lingui compile --strict` then fails on any untranslated message.
  fallbackLocales: false,
  catalogs: [
    {
      path: '<rootDir>/src/locales/{locale}/messages',
      include: ['src'],
      exclude: ['**/node_modules/**', 'src/gql/**'],
    },
  ],
  format: formatter({ origins: false, lineNumbers: false }),
});
