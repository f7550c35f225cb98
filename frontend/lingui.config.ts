import { defineConfig } from '@lingui/cli';
import { formatter } from '@lingui/format-po';

// pt-BR is the source language: messages are written in Portuguese in the code.
// One catalog per feature (src/features/<name>/locales/<locale>.po) plus one for the
// shell and shared pieces, so work on two features never edits the same catalog.
export default defineConfig({
  sourceLocale: 'pt-BR',
  locales: ['pt-BR', 'en'],
  // No fallback: `lingui compile --strict` then fails on any untranslated message.
  fallbackLocales: false,
  catalogs: [
    {
      path: '<rootDir>/src/locales/{locale}/messages',
      include: ['src/app', 'src/shared', 'src/graphiql'],
      exclude: ['**/node_modules/**', 'src/gql/**'],
    },
    {
      // The support console (its own entry, console/index.html) has its own catalog.
      path: '<rootDir>/src/console/locales/{locale}',
      include: ['<rootDir>/src/console/'],
      exclude: ['**/node_modules/**', 'src/console/gql/**'],
    },
    {
      path: '<rootDir>/src/features/{name}/locales/{locale}',
      include: ['<rootDir>/src/features/{name}/'],
    },
  ],
  format: formatter({ origins: false, lineNumbers: false }),
});
