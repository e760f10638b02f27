import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Permissions are kept to what a rep can be told about in one sentence each; the
// allow-list test in tests/unit/conventions.test.ts fails when one is added here unnoticed.
export default defineConfig({
  // PITCHSIDE_OUT_DIR lets parallel builds (benchmarks, concurrent test runs) keep apart.
  outDir: process.env.PITCHSIDE_OUT_DIR ?? '.output',
  // Firefox gets Manifest V3 too (sidebar_action, action, scripting and optional host
  // permissions all exist there since Firefox 115), so one background script serves both.
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Pitchside',
    // The interface's words come from locales/*.yml (built into _locales/); English fills in.
    default_locale: 'en',
    description: 'The right collateral for the prospect in view: suggested in a side panel, with the reason why.',
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'activeTab',
      'scripting',
      'contextMenus',
      'clipboardWrite',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // A catalog served from this machine (marketing ops testing a file before publishing it)
    // syncs with or without CORS headers: the only hosts granted up front, and never a web page.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    // Catalog hosts without CORS headers and self-hosted CRMs are granted one by one,
    // at the moment a rep or admin adds them, never up front.
    optional_host_permissions: ['https://*/*'],
    action: { default_title: 'Open Pitchside' },
    commands: {
      _execute_action: {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Open the Pitchside panel',
      },
    },
    storage: { managed_schema: 'managed-schema.json' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'pitchside@pitchside.example',
              strict_min_version: '115.0',
              // Pitchside sends no data anywhere the rep did not ask.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
