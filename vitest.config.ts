import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'rules/**/*.test.ts'],
    setupFiles: ['test/helpers/setup-rules.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
