import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseConfig, type Config } from './config.ts';
import { openDb, type Db } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { clockFor } from './clock.ts';
import { buildApp } from './app.ts';
import { verifyAudit } from './audit/audit.ts';
import { createServices } from './services.ts';
import { seedDemo, printDemoAccounts, type DemoAccount } from './modules/demo/seed.ts';
import { ROLES, type Role } from '../shared/access.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  if (config.DATABASE_OWNER_URL && config.DATABASE_URL) {
    const owner = await openDb({ databaseUrl: config.DATABASE_OWNER_URL, dataDir: config.DATA_DIR });
    try {
      await migrate(owner, { appRole: new URL(config.DATABASE_URL).username });
    } finally {
      await owner.close();
    }
  }
  const db = await openDb({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    if (!config.DATABASE_OWNER_URL) await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

function databaseLabel(config: Config) {
  return config.DATABASE_URL
    ? 'PostgreSQL'
    : `embedded PGlite in ${path.resolve(config.DATA_DIR)} (no fsync: use PostgreSQL in production)`;
}

async function start() {
  const config = parseConfig();
  const db = await openDb({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  if (config.DATABASE_OWNER_URL && config.DATABASE_URL) {
    const owner = await openDb({ databaseUrl: config.DATABASE_OWNER_URL, dataDir: config.DATA_DIR });
    await migrate(owner, { appRole: new URL(config.DATABASE_URL).username });
    await owner.close();
  } else {
    await migrate(db);
  }
  const clock = clockFor(config);
  let accounts: DemoAccount[] | null = null;
  if (config.DEMO) {
    const services = createServices({ db, clock });
    accounts = await seedDemo(db, services, {
      log: (m) => console.log(m),
      dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
    });
  }
  const webDistDir = path.join(root, 'dist', 'web');
  const { app, services } = await buildApp({ config, db, clock, webDistDir });
  const address = await app.listen({ host: config.HOST, port: config.PORT });
  // Reminders, the daily digest and push/e-mail deliveries; safe to run in every instance.
  if (config.NOTIFICATIONS_WORKER) services.notifications.start({ log: app.log });
  const url = config.PUBLIC_URL ?? address.replace('127.0.0.1', 'localhost');
  console.log(`\nGrassroots is running at ${url}  (database: ${databaseLabel(config)})`);
  console.log(`API documentation: ${url}/api/docs`);
  if (accounts) printDemoAccounts(accounts, url);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await services.notifications.stop();
    await app.close();
    await services.handbook.compliance.idle(); // a monitor snapshot being taken is stored first
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

const program = new Command('grassroots').description(
  'Grassroots: party-building and mass-organization work',
);

program
  .command('start')
  .description('Migrate, seed the demo province on an empty database (DEMO=true) and serve')
  .action(start);

program
  .command('migrate')
  .description('Apply database migrations')
  .action(async () => {
    const config = parseConfig();
    await withDb(config, async () => console.log(`Migrations applied (${databaseLabel(config)}).`));
  });

program
  .command('seed-demo')
  .description('Create the demo province if the database is empty')
  .action(async () => {
    const config = parseConfig();
    await withDb(config, async (db) => {
      const services = createServices({ db, clock: clockFor(config) });
      const accounts = await seedDemo(db, services, {
        log: (m) => console.log(m),
        dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR,
      });
      printDemoAccounts(accounts, config.PUBLIC_URL ?? `http://localhost:${config.PORT}`);
    });
  });

const audit = program.command('audit').description('The audit log');
audit
  .command('verify')
  .description('Check the hash chain; names the first broken link')
  .action(async () => {
    const config = parseConfig();
    await withDb(config, async (db) => {
      const r = await verifyAudit(db);
      if (r.ok) console.log(`Audit log intact: ${r.checked} entries verified.`);
      else {
        console.error(
          `Audit log BROKEN at entry #${r.brokenAt!.id} (${r.brokenAt!.reason}); ${r.checked} entries before it are intact.`,
        );
        process.exitCode = 2;
      }
    });
  });

const user = program.command('user').description('Accounts');
user
  .command('create')
  .description(
    'Create an account with a role on a unit (prints a generated password unless --password is given)',
  )
  .requiredOption('--username <name>')
  .requiredOption('--role <role>', ROLES.join('|'))
  .requiredOption('--unit <code-or-id>', 'unit code, or numeric id')
  .option('--password <password>')
  .option('--person <id>', 'link to a person id')
  .action(async (o: { username: string; role: string; unit: string; password?: string; person?: string }) => {
    const config = parseConfig();
    if (!ROLES.includes(o.role as Role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
    await withDb(config, async (db) => {
      const unit = await db.query<{ id: number }>('SELECT id FROM unit WHERE code = $1 OR id::text = $1', [
        o.unit,
      ]);
      if (!unit[0]) throw new Error(`no unit ${o.unit}`);
      const services = createServices({ db, clock: clockFor(config) });
      const r = await services.accounts.createSystemAccount({
        username: o.username,
        password: o.password,
        personId: o.person ? Number(o.person) : null,
        roles: [{ role: o.role as Role, unitId: unit[0].id }],
      });
      console.log(
        `Account ${o.username} created (id ${r.id}).${o.password ? '' : ` Password: ${r.password}`}`,
      );
    });
  });
user
  .command('reset-password')
  .description("Set a new password (generated unless --password is given) and end the account's sessions")
  .requiredOption('--username <name>')
  .option('--password <password>')
  .action(async (o: { username: string; password?: string }) => {
    const config = parseConfig();
    await withDb(config, async (db) => {
      const services = createServices({ db, clock: clockFor(config) });
      const r = await services.accounts.resetPasswordSystem(o.username, o.password);
      console.log(`Password of ${o.username} reset.${o.password ? '' : ` New password: ${r.password}`}`);
    });
  });

program
  .command('import')
  .description('Import a CSV or XLSX file of units, enterprises or people (all-or-nothing)')
  .requiredOption('--kind <kind>', 'people|units|enterprises')
  .requiredOption('--file <path>')
  .requiredOption('--as <username>', 'the account whose scope and permissions apply')
  .action(async (o: { kind: string; file: string; as: string }) => {
    const config = parseConfig();
    await withDb(config, async (db) => {
      const services = createServices({ db, clock: clockFor(config) });
      const code = await services.transfer.importFileCli({
        kind: o.kind,
        file: o.file,
        username: o.as,
        log: (m: string) => console.log(m),
      });
      process.exitCode = code;
    });
  });

program
  .command('export')
  .description('Export the people an account can see to XLSX or CSV')
  .requiredOption('--as <username>')
  .requiredOption('--out <path>', 'file to write (.xlsx or .csv)')
  .option('--unit <id>', 'only people under this unit')
  .action(async (o: { as: string; out: string; unit?: string }) => {
    const config = parseConfig();
    await withDb(config, async (db) => {
      const services = createServices({ db, clock: clockFor(config) });
      const n = await services.transfer.exportPeopleCli({
        username: o.as,
        out: o.out,
        unitId: o.unit ? Number(o.unit) : undefined,
      });
      console.log(`${n} rows written to ${o.out}`);
    });
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
