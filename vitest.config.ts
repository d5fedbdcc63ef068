import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each test file gets its own process: PKCS#11 modules read SOFTHSM2_CONF once per process.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    globalSetup: ['tests/helpers/worker-bundle.global.ts'],
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
    ],
  },
});
