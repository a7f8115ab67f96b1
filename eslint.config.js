// ESLint's flat config: the recommended JavaScript rules and typescript-eslint's type-aware ones over every
// TypeScript source, with the formatting rules left to Prettier.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier/flat'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `const { token, value, ...visible } = config` is how a secret is left out of what gets logged.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['__tests__/**/*.ts'],
    rules: {
      // vitest types its asymmetric matchers (expect.any, expect.objectContaining) as any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // A fake of an async call is itself async so that a throw inside it rejects, as the real call would.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
)
