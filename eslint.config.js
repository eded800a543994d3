// Lint: typescript-eslint recommended + the layer rule (docs/architecture.md, "Layers").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerRules } from './tools/lint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.tmp/'] },
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
