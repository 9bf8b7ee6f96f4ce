import type { Db } from './db/client.ts';
import type { Clock } from './clock.ts';
import { createUnitService } from './modules/units/units.service.ts';
import { createRestructureService } from './modules/units/restructure.service.ts';
import { createStatisticsService } from './modules/statistics/statistics.service.ts';
import { createPeopleService } from './modules/people/people.service.ts';
import { createAccountService } from './modules/accounts/accounts.service.ts';
import { createEnterpriseService } from './modules/enterprises/enterprises.service.ts';
import { createTransferService } from './modules/transfer/transfer.service.ts';
import { createProgramService } from './modules/programs/programs.service.ts';
import { createMeetingService } from './modules/meetings/meetings.service.ts';
import { createNotificationService } from './modules/notifications/notifications.service.ts';
import type { NotificationOptions } from './modules/notifications/options.ts';
import { createHandbookService } from './modules/handbook/handbook.service.ts';
import type { Caches } from './cache/caches.ts';

/** Every service, each given exactly the dependencies it uses. */
export function createServices(deps: {
  db: Db;
  clock: Clock;
  notifications?: NotificationOptions;
  /** The instance's caches of sessions, actors and homes (the app's; absent in tools and scripts). */
  caches?: Caches;
}) {
  const units = createUnitService(deps);
  const restructure = createRestructureService(deps);
  const statistics = createStatisticsService(deps);
  const people = createPeopleService(deps);
  const accounts = createAccountService(deps);
  const enterprises = createEnterpriseService(deps);
  const transfer = createTransferService({ ...deps, people, statistics });
  const programs = createProgramService(deps);
  const meetings = createMeetingService(deps);
  const notifications = createNotificationService({ ...deps, options: deps.notifications });
  const handbook = createHandbookService({ ...deps, timeZone: deps.notifications?.timeZone });
  // The worker loop tells secretaries of cells late in scheduling next month's meeting (hourly at most).
  notifications.addStep({
    name: 'schedule_late',
    everyMinutes: 60,
    run: (now) => handbook.remindLateCells(now),
  });
  return {
    db: deps.db,
    clock: deps.clock,
    caches: deps.caches,
    units,
    restructure,
    statistics,
    people,
    accounts,
    enterprises,
    transfer,
    programs,
    meetings,
    notifications,
    handbook,
  };
}

export type Services = ReturnType<typeof createServices>;
