import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { DEFAULT_SCHEDULE_DAY } from '../../../shared/rules/compliance.ts';
import { createTaskService } from './tasks.ts';
import { createDocumentService } from './documents.ts';
import { createComplianceService } from './compliance.ts';
import { createHomeJson, createHomeService } from './home.ts';
import type { Caches } from '../../cache/caches.ts';
import { createAdoptionService } from './adoption.ts';

/**
 * The party-member handbook outside the meetings themselves: the member's home, tasks, documents from
 * superiors, the compliance monitor and adoption.
 */
export function createHandbookService(deps: {
  db: Db;
  clock: Clock;
  /** Dates in inbox titles. */
  timeZone?: string;
  /** The day of the month before by which the regular meeting must be scheduled. */
  scheduleDay?: number;
  /** This instance's caches (the member's home is kept in them). */
  caches?: Caches;
}) {
  const { db, clock } = deps;
  const home = createHomeService({ db, clock, timeZone: deps.timeZone ?? 'UTC' });
  const compliance = createComplianceService({
    db,
    clock,
    scheduleDay: deps.scheduleDay ?? DEFAULT_SCHEDULE_DAY,
  });
  return {
    home,
    /** The home as its JSON answer, kept per account until something in it changes. */
    homeJson: createHomeJson({ home, clock, caches: deps.caches }),
    tasks: createTaskService({ db, clock }),
    documents: createDocumentService({ db, clock }),
    compliance,
    adoption: createAdoptionService({ db, clock }),
    /** For the notification worker: once a day after the schedule day, tell secretaries of late cells. */
    remindLateCells: compliance.remindLateCells,
  };
}

export type HandbookService = ReturnType<typeof createHandbookService>;
