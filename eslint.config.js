import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      '.local/',
      'coverage/',
      'dist/',
      'packages/*/dist/',
      'clients/typescript/kippu-api.d.ts',
      'shared/http/openapi-document.ts',
      'shared/http/operation-inputs.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The shape of the source: modules a reader can hold, one use case per function. Tests,
  // scripts and benchmarks are exempt (a test reads best as one scenario from top to bottom).
  {
    files: ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  // The domain is pure TypeScript: it reaches AWS and the process only through ports and deps.
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters', '**/adapters/**'],
              message: 'The domain declares ports; adapters implement them and the wiring passes them in.',
            },
            { group: ['@aws-sdk/*'], message: 'AWS is reached through a port declared in the domain.' },
            {
              group: ['@aws-lambda-powertools/*'],
              message:
                'Logs and metrics go through the Logger and BusinessMetrics ports; the Powertools adapters implement them.',
            },
            { group: ['aws-lambda'], message: "Lambda events are the handlers' business; the domain takes parsed values." },
            { group: ['**/http', '**/http/**'], message: 'HTTP shapes live in shared/http, outside the domain.' },
            { group: ['node:process', 'process'], message: 'Configuration reaches the domain through its deps.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Configuration reaches the domain through its deps, never from the process.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time comes from the injected Clock.' },
        { object: 'Math', property: 'random', message: 'Randomness comes through a port (ids, password hashing).' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes from the injected Clock.' },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'bin/**'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
