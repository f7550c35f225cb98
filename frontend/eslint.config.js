import js from '@eslint/js';
import lingui from 'eslint-plugin-lingui';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/gql', 'src/console/gql', 'src/locales', '.codegen-check', '.lingui-check'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, lingui },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/consistent-type-imports': 'error',
      // Every word a person reads goes through Lingui (pt-BR source, English catalog).
      // Every word a person reads goes through Lingui (pt-BR source, English catalog):
      // literal text in JSX, or a literal in a visible attribute, fails lint.
      'no-restricted-syntax': [
        'error',
        {
          // The brand name is the one word that is never translated.
          selector:
            "JSXElement:not([openingElement.name.name='Trans']) > JSXText[value=/[A-Za-zÀ-ÿ]{2,}/]:not([value=/^\\s*Conciliacontag\\s*$/])",
          message: 'Untranslated text in JSX: wrap it in <Trans> (or t`…`).',
        },
        {
          selector:
            'JSXAttribute[name.name=/^(label|title|placeholder|description|aria-label|alt|error|caption)$/] > Literal[value=/[A-Za-zÀ-ÿ]{2,}/]',
          message: 'Untranslated attribute text: use t`…`.',
        },
        {
          selector:
            'JSXExpressionContainer > Literal[value=/[A-Za-zÀ-ÿ]{2,}/], JSXExpressionContainer > TemplateLiteral[expressions.length=0][quasis.0.value.raw=/[A-Za-zÀ-ÿ]{2,}/]',
          message: 'Untranslated text in JSX: wrap it in <Trans> (or t`…`).',
        },
      ],
      'lingui/t-call-in-function': 'error',
      'lingui/no-single-variables-to-translate': 'error',
      'lingui/no-expression-in-message': 'error',
    },
  },
  {
    // Tests, configs and the developer-only GraphiQL entry are not UI text.
    files: ['**/*.test.{ts,tsx}', 'src/test/**', '*.config.{ts,js}', 'codegen.ts', 'src/graphiql/**', 'src/gql/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
