import { defineConfig } from 'vitest/config';

/**
 * Three tiers, one run: `npm test` runs every project (as CI does) into one JUnit file, which
 * .ci/run reads; `npm run test:unit` runs the fast tier alone while changing the core.
 */
export default defineConfig({
  test: {
    setupFiles: ['test/support/setup.ts'],
    // Tests drive real git processes and spawn bundled actions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'junit'],
    outputFile: { junit: '.release-gates/test-results.junit.xml' },
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    projects: [
      // The core and the ports, next to the code: in-memory ports where they will do.
      { extends: true, test: { name: 'unit', include: ['actions/**/*.test.ts'] } },
      // The CLI, the bundled actions, workflows and docs on real repositories and servers.
      { extends: true, test: { name: 'integration', include: ['test/*.test.ts'] } },
      // Whole lifecycles through the bundles (test/e2e/platform.ts is their support).
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
