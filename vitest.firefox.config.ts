import { defineConfig } from 'vitest/config';

// The Firefox check (tests/firefox): builds a Firefox test build itself, then drives Firefox
// ESR over WebDriver BiDi. One file, one browser.
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.firefox.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
