import { defineConfig } from 'vitest/config';

// Two projects:
//  - unit: unit and integration tests (src/** and test/**, `*.test.ts`, also `*.test.tsx`). Database tests
//    (`*.db.test.ts`) use PostgreSQL when TEST_DATABASE_URL is set, embedded PGlite otherwise.
//  - e2e: browser tests (e2e/**, `*.e2e.ts`) driving Chromium through playwright-core. They start
//    the server themselves, so they run one file at a time.
// `npm test` (scripts/test.mjs) runs the passes in order; `npx vitest run --project unit` runs one.

const exclude = ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/test-results/**'];

export default defineConfig({
  test: {
    // The CI machine has 2 cores; more workers only add contention.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
          exclude,
          environment: 'node',
          pool: 'forks',
          fileParallelism: true,
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          // One server with the demo province for the whole run (seeding it is the slow part).
          globalSetup: ['e2e/support/global-setup.ts'],
          exclude,
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Run after the unit project when both are selected (`vitest run` without --project).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
