import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import signdesk from './eslint-rules/core-layers.js';

/**
 * main/core, bottom first. A feature imports from its own folder and from layers below, never from a peer or from
 * above (signdesk/core-layers; CONTRIBUTING.md, "Layers"). services.ts is the composition root, api the IPC door.
 */
const coreLayers = [
  ['crypto', 'fs', 'events'],
  ['net', 'storage', 'secrets', 'workers'],
  ['pki', 'token'],
  ['keys'],
  ['cms'],
  ['formats'],
  ['ca'],
  ['cabinet'],
  ['files', 'queue'],
  ['verify', 'agent'],
  ['services'],
  ['api'],
];

const electronBan = { name: 'electron', message: 'Only main/shell and preload/index.ts may import electron.' };
const nodeBan = { group: ['node:*'], message: 'The renderer is DOM only: no Node built-ins.' };
const nodeBareBan = ['fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'worker_threads', 'stream', 'url', 'util'].map((name) => ({
  name,
  message: 'The renderer and the contract are Node-free.',
}));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/.artifacts/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: '.only must not be committed.' },
        { object: 'test', property: 'only', message: '.only must not be committed.' },
        { object: 'describe', property: 'only', message: '.only must not be committed.' },
      ],
    },
  },
  {
    // Plain Node: the core, the CLI and the bridge must run without Electron.
    files: ['main/core/**', 'main/cli/**', 'main/bridge/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [{ group: ['**/shell/**'], message: 'The core never depends on the Electron shell.' }] }] },
  },
  {
    files: ['main/core/**'],
    plugins: { signdesk },
    rules: { 'signdesk/core-layers': ['error', { root: 'main/core', layers: coreLayers }] },
  },
  {
    // The contract is pure TypeScript shared by main, preload and renderer.
    files: ['preload/contract/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan, ...nodeBareBan], patterns: [nodeBan, { group: ['**/main/**', '**/renderer/**'], message: 'The contract depends on nothing of ours.' }] }] },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan, ...nodeBareBan], patterns: [nodeBan, { group: ['**/main/**'], message: 'The renderer talks to main only through window.signdesk.' }] }],
    },
  },
  {
    // Only the shell's IPC registration touches ipcMain, and only the preload touches ipcRenderer.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['main/shell/ipc.ts', 'preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportSpecifier[imported.name='ipcMain']", message: 'Register IPC only in main/shell/ipc.ts through the guard.' },
        { selector: "ImportSpecifier[imported.name='ipcRenderer']", message: 'Only preload/index.ts uses ipcRenderer; never expose it.' },
      ],
    },
  },
);
