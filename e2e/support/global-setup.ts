/**
 * One server for the whole e2e run, when configured as the e2e project's globalSetup in
 * vitest.config.ts:
 *
 *   globalSetup: ['e2e/support/global-setup.ts'],
 *
 * It starts the server before the first test file and stops it after the last; the test files find
 * it through E2E_BASE_URL and E2E_ACCOUNTS (see server.ts), which are inherited by vitest's workers.
 * Without it each test file starts its own server. An already running server given by those two
 * variables is reused as it is.
 */
import { startServer } from './server.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const server = await startServer();
  process.env.E2E_BASE_URL = server.baseUrl;
  process.env.E2E_ACCOUNTS = server.accountsFile;
  return async () => {
    await server.stop();
  };
}
