// ESLint (typescript-eslint's recommended rules) over the code; the layout is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'sample-data/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // tsc (noUnusedLocals, noUnusedParameters) reports these already.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    files: ['src/**'],
    rules: {
      // Prettier wraps code at 120; a line it cannot wrap is a comment (wrap it by hand) or a literal: user text
      // and SQL stay whole rather than split mid-sentence or mid-clause.
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    files: ['src/dashboards/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tests read JSON answers whose shape the assertions check.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
