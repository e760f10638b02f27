import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension (.output/chrome-mv3) in Chromium. Files run one
// after another: each launches its own browser, and CI machines have two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
