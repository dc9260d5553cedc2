import fs from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Server modules talk to each other only through server/modules/<name>/index.ts, so a module's
// internals (tables, services) can change without reaching into its neighbours. For a file
// `depth` folders below server/modules/<self>/, an import like `../<other>/people.service.js`
// (or `../../modules/<other>/...`) is refused unless it names the other module's index.
const modulesDir = new URL('./server/modules/', import.meta.url);
const moduleNames = fs
  .readdirSync(modulesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

function moduleBoundaries(self) {
  const others = moduleNames.filter((name) => name !== self);
  if (!others.length) return [];
  return [1, 2, 3].map((depth) => {
    const up = '\\.\\./'.repeat(depth);
    const regex = `^(?:${up}|${up}\\.\\./modules/)(?:${others.join('|')})/(?!index(?:\\.[jt]s)?$)`;
    return {
      files: [`server/modules/${self}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex,
                message: 'Import another module only through its index.ts (server/modules/<name>/index.ts).',
              },
            ],
          },
        ],
      },
    };
  });
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/.data/**',
      '**/node_modules/**',
      '**/migrations/**',
      '.tmp/**',
      '.keys/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The web app translates with web/lib/translator.ts (docs/BENCHMARKS.md: i18next cost every page
    // 15 KB gzip); a component imports `useTranslation` from web/lib/useTranslation.ts.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'react-i18next', message: 'Use useTranslation from web/lib/useTranslation.ts.' },
            { name: 'i18next', message: 'Use web/lib/translator.ts (types) or web/lib/i18n.ts.' },
            {
              name: '@mantine/core',
              importNames: ['FileInput'],
              message: 'Use FileField from web/components/FileField.tsx (its clear button has a name).',
            },
          ],
        },
      ],
    },
  },
  ...moduleNames.flatMap(moduleBoundaries),
);
