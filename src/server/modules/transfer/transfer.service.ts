import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { PeopleService } from '../people/people.service.ts';
import type { StatisticsService } from '../statistics/statistics.service.ts';
import { createExports } from './export.lists.ts';
import { createImportJobs } from './import.jobs.ts';
import { exportPeopleCli, importFileCli } from './transfer.cli.ts';

export type { ImportJobView } from './import.jobs.ts';

/**
 * Import and export: import jobs (checked whole, written all or nothing, in the background), templates,
 * and exports of the caller's scoped lists; plus their command-line faces.
 */
export function createTransferService(deps: {
  db: Db;
  clock: Clock;
  people: PeopleService;
  statistics: StatisticsService;
}) {
  const imports = createImportJobs(deps);
  const exports = createExports(deps);
  const core = { ...imports, ...exports };
  return {
    ...core,
    importFileCli: (o: { kind: string; file: string; username: string; log: (m: string) => void }) =>
      importFileCli(deps.db, core, o),
    exportPeopleCli: (o: { username: string; out: string; unitId?: number }) =>
      exportPeopleCli(deps.db, core, o),
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
