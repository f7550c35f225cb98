import type { CodegenConfig } from '@graphql-codegen/cli';

// Offline from the committed schema; the app's own operations live beside the code
// that uses them (src/**), written with the generated graphql() function. The support
// console (src/console/**, staff and support tokens) has its own output, so staff
// operations never share types with tenant ones (twenty's src/generated-admin/).
const clientConfig = {
  useTypeImports: true,
  enumsAsTypes: true,
  strictScalars: true,
  scalars: {
    ID: 'string',
    Date: 'string',
    DateTime: 'string',
    Decimal: 'string',
    Money: 'string',
    BigInt: 'number',
    JSON: 'unknown',
    Upload: 'File',
  },
};

const config: CodegenConfig = {
  schema: '../graphql/schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    // CODEGEN_OUT: `make web-check` regenerates elsewhere and diffs against src/gql/.
    [process.env.CODEGEN_OUT ?? 'src/gql/']: {
      documents: ['src/**/*.{ts,tsx}', '!src/gql/**', '!src/console/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
      config: clientConfig,
    },
    // CODEGEN_CONSOLE_OUT: the same drift check for the console's output.
    [process.env.CODEGEN_CONSOLE_OUT ?? 'src/console/gql/']: {
      documents: ['src/console/**/*.{ts,tsx}', '!src/console/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
      config: clientConfig,
    },
  },
};

export default config;
