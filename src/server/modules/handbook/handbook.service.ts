import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { DEFAULT_SCHEDULE_DAY } from '../../../shared/rules/compliance.ts';
import { createTaskService } from './tasks.ts';
import { createDocumentService } from './documents.ts';
import { createComplianceService } from './compliance.ts';
import { createHomeService } from './home.ts';
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
}) {
  const { db, clock } = deps;
  const compliance = createComplianceService({
    db,
    clock,
    scheduleDay: deps.scheduleDay ?? DEFAULT_SCHEDULE_DAY,
  });
  return {
    home: createHomeService({ db, clock, timeZone: deps.timeZone ?? 'UTC' }),
    tasks: createTaskService({ db, clock }),
    documents: createDocumentService({ db, clock }),
    compliance,
    adoption: createAdoptionService({ db, clock }),
    /** For the notification worker: once a day after the schedule day, tell secretaries of late cells. */
    remindLateCells: compliance.remindLateCells,
  };
}

export type HandbookService = ReturnType<typeof createHandbookService>;
