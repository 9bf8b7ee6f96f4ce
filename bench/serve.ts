/**
 * The server a load benchmark talks to, in a process of its own (so the load generator does not share
 * its event loop): the real app on DATABASE_URL, plus one bare JSON route that does nothing, the
 * yardstick the benchmarks compare against in the same run.
 *   DATABASE_URL=postgres://... PORT=3900 tsx bench/serve.ts
 * Prints "listening <url>" when ready.
 */
import { buildApp } from '../src/server/app.ts';
import { parseConfig } from '../src/server/config.ts';
import { clockFor } from '../src/server/clock.ts';
import { connectPostgres } from '../src/server/db/client.ts';

const config = parseConfig({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'production', DEMO: 'false' });
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
const db = connectPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
const { app } = await buildApp({ config, db, clock: clockFor(config) });
app.get('/bench/bare', { schema: { hide: true } }, async () => ({ status: 'ok', items: [1, 2, 3] }));
const url = await app.listen({ host: '127.0.0.1', port: config.PORT });
console.log(`listening ${url}`);
const stop = async () => {
  await app.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
