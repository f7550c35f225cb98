import type { CodegenConfig } from '@graphql-codegen/cli';

// Offline from the committed schema; the app's own operations live beside the code
// that uses them (src/**), written with the generated graphql() function.
const config: CodegenConfig = {
  schema: '../graphql/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    // CODEGEN_OUT: `make web-check` regenerates elsewhere and diffs against src/gql/.
    [process.env.CODEGEN_OUT ?? 'src/gql/']: {
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
      config: {
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
      },
    },
  },
};

export default config;
