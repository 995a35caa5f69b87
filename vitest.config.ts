import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['actions/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Tests drive real git processes and spawn bundled actions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'junit'],
    outputFile: { junit: '.release-gates/test-results.junit.xml' },
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
