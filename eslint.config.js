// Lint: typescript-eslint recommended + the layer rules of architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerRules } from './tests/lint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.tmp/', 'tests/lint/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  ...layerRules,
);
