/**
 * The app in a real browser against a real server with the demo province: every flow on a phone and on
 * a desktop, controls found by their role and label (the app's own words, read from its catalogues).
 *
 * One server for the whole file (seeding the demo takes a minute or so); signed-in pages are kept per
 * account and viewport and reused by the flows that only read.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VIEWPORTS,
  axeCheck,
  escapeRegExp,
  exactly,
  heading,
  launchBrowser,
  mainNavigation,
  navLink,
  newContext,
  newPage,
  parseViNumber,
  screenshot,
  settled,
  signIn,
  signOut,
  switchLanguage,
  t,
  takePageErrors,
  viNumber,
  type Locale,
  type ViewportName,
} from './support/browser.ts';
import { DEMO_USERNAMES, startServer, type DemoUsername, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signed-in pages kept for the flows that only read: one per account and viewport. */
const sessions = new Map<string, Page>();

async function session(username: DemoUsername, viewport: ViewportName): Promise<Page> {
  const key = `${username}/${viewport}`;
  const kept = sessions.get(key);
  if (kept && !kept.isClosed()) return kept;
  const context = await newContext(browser, viewport, server.baseUrl);
  const page = await newPage(context);
  await signIn(page, server.account(username));
  sessions.set(key, page);
  return page;
}

/** GET an API path with the page's session (the context shares its cookies). */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  const response = await page.context().request.get(`/api/v1${path}`);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

/** Puts the account back to Vietnamese whatever a failed test left behind, and reloads. */
async function restoreVietnamese(page: Page): Promise<void> {
  const request = page.context().request;
  const current = await request.get('/api/v1/session');
  if (current.ok()) {
    const { csrfToken } = (await current.json()) as { csrfToken: string };
    await request.patch('/api/v1/session/locale', {
      data: { locale: 'vi' },
      headers: { 'x-csrf-token': csrfToken },
    });
  }
  await page.evaluate(() => localStorage.setItem('grassroots.locale', 'vi'));
  await page.reload();
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
}

function expectNoPageErrors(page: Page): void {
  expect(takePageErrors(page), 'uncaught errors in the app').toEqual([]);
}

interface UnitSummary {
  id: number;
  code: string | null;
  name: string;
  kind: string;
}
interface Statistics {
  asOf: string;
  units: { kind: string; count: number }[];
  totals: { units: number; members: { family: string; count: number }[] };
  children: { unitId: number; name: string; kind: string; units: number; members: number }[];
}
interface Catalogue {
  families: { code: string; label: Record<string, string> }[];
  unitKinds: { code: string; label: Record<string, string> }[];
}

const FIGURES_DATE = '2024-01-01';

describe.each(VIEWPORTS)('%s', (viewport) => {
  it('1. each demo role signs in to its own home and signs out', async () => {
    for (const username of DEMO_USERNAMES) {
      const account = server.account(username);
      const context = await newContext(browser, viewport, server.baseUrl);
      try {
        const page = await newPage(context);
        await signIn(page, account);
        const nav = mainNavigation(page);
        if (username === 'member') {
          // A member has only their own screens: the handbook's home, tasks, documents, inbox, settings
          // (and, on a wide screen, profile, cell and organizations in the sidebar).
          await page.waitForURL((url) => url.pathname === '/me');
          await heading(page, /\S/);
          const own = ['nav.home', 'nav.tasks', 'nav.documents', 'nav.inbox', 'nav.settings'];
          if (viewport === 'desktop') own.push('nav.me', 'nav.myCell', 'nav.myOrganizations');
          for (const id of own) await navLink(page, id).waitFor();
          expect(await nav.getByRole('link', { name: t('vi', 'nav.people'), exact: true }).count()).toBe(0);
        } else {
          // The console opens on the organization tree, rooted at the unit the role is held on.
          await page.waitForURL((url) => url.pathname === '/units');
          await heading(page, t('vi', 'units.title'));
          const tree = page.getByRole('navigation', { name: t('vi', 'units.tree') });
          await tree.getByRole('link', { name: account.unitName, exact: true }).waitFor();
          await navLink(page, 'nav.people').waitFor();
          const imports = await nav.getByRole('link', { name: t('vi', 'nav.imports'), exact: true }).count();
          // Importing is for committee staff and administrators, not cell secretaries.
          expect(imports, `import link for ${username}`).toBe(username === 'secretary' ? 0 : 1);
        }
        if (username === 'staff') await screenshot(page, `home-staff-${viewport}`);
        expectNoPageErrors(page);

        await signOut(page, viewport);
        // Signed out for real: the console now asks to sign in first, and the session is gone.
        await page.goto('/units');
        await page.waitForURL((url) => url.pathname === '/sign-in' && url.search.includes('next='));
        expect((await page.context().request.get('/api/v1/session')).status()).toBe(401);
      } finally {
        await context.close();
      }
    }
  });

  it('2. staff read the province: non-state figures as of 2024-01-01, no districts today', async () => {
    const page = await session('staff', viewport);
    const province = server.account('staff').unitName;
    await page.goto('/units');
    await page
      .getByRole('navigation', { name: t('vi', 'units.tree') })
      .getByRole('link', { name: province, exact: true })
      .click();
    await heading(page, province);
    const unitId = Number(new URL(page.url()).pathname.split('/')[2]);
    expect(unitId).toBeGreaterThan(0);

    const catalogue = await apiGet<Catalogue>(page, '/catalogue');
    const familyLabel = (code: string) => catalogue.families.find((f) => f.code === code)!.label.vi!;
    const kindLabel = (code: string) => catalogue.unitKinds.find((k) => k.code === code)!.label.vi!;
    const totals = page.getByRole('region', { name: t('vi', 'stats.totals') });
    const byKind = page.getByRole('region', { name: t('vi', 'stats.unitsByKind') });
    const byChild = page.getByRole('region', { name: t('vi', 'stats.byChild') });
    /** The member total of a family as shown on its figure, e.g. "Đảng 1.549 thành viên". */
    const figure = (family: string, count?: number) =>
      totals.getByRole('link', {
        name: new RegExp(
          `^${escapeRegExp(familyLabel(family))}\\s+${count === undefined ? '[\\d.]+' : escapeRegExp(viNumber(count))}\\s`,
        ),
      });
    const shownNumber = async (locator: Locator) => parseViNumber(await locator.innerText());
    /** Units of these kinds, summed from the "units by kind" table. */
    const unitsOfKinds = async (...kinds: string[]) => {
      let sum = 0;
      for (const kind of kinds) {
        const row = byKind
          .getByRole('row')
          .filter({ has: page.getByRole('cell', { name: kindLabel(kind), exact: true }) });
        if ((await row.count()) > 0) sum += await shownNumber(row.getByRole('cell').nth(1));
      }
      return sum;
    };

    // "As of" 2024-01-01, typed into the page's date field; the date goes into the address.
    await page.getByLabel(t('vi', 'asOf.label'), { exact: true }).fill(FIGURES_DATE);
    await page.waitForURL((url) => url.searchParams.get('asOf') === FIGURES_DATE);
    // Before the July 2025 reform the province still had its district level.
    await byKind.getByRole('row', { name: `${kindLabel('district_committee')} 9`, exact: true }).waitFor();

    // Only units in non-state enterprises: the figures of the demo's source article.
    await page.getByRole('combobox', { name: t('vi', 'stats.ownership.label') }).click();
    await page.getByRole('option', { name: t('vi', 'stats.ownership.non_state'), exact: true }).click();
    await page.waitForURL(
      (url) =>
        url.searchParams.get('ownership') === 'non_state' && url.searchParams.get('asOf') === FIGURES_DATE,
    );
    await figure('party', 1549).waitFor();
    await figure('trade_union', 35139).waitFor();
    await figure('women', 412).waitFor();
    await figure('veterans', 97).waitFor();
    await settled(page);
    expect(await page.getByRole('main').innerText()).toMatch(/\b1\.549\b[\s\S]*\b35\.139\b/);
    const youthMembers =
      (await shownNumber(figure('youth_union').getByText(/^[\d.]+$/))) +
      (await shownNumber(figure('youth_federation').getByText(/^[\d.]+$/)));
    expect(youthMembers).toBe(2388);
    expect({
      partyOrganizations: await unitsOfKinds('grassroots_party_committee', 'grassroots_party_cell'),
      tradeUnions: await unitsOfKinds('grassroots_trade_union'),
      youthBases: await unitsOfKinds('youth_union_base', 'youth_federation_base'),
      womenUnits: await unitsOfKinds('women_club', 'women_branch', 'women_group'),
      veteransBranches: await unitsOfKinds('veterans_branch'),
    }).toEqual({
      partyOrganizations: 73,
      tradeUnions: 307,
      youthBases: 112,
      womenUnits: 30,
      veteransBranches: 9,
    });
    // The mass organizations directly under the province, with their units and members.
    const childFigures = async (kind: string) => {
      const row = byChild.getByRole('row').filter({ hasText: kindLabel(kind) });
      const cells = row.getByRole('cell');
      return [await shownNumber(cells.nth(1)), await shownNumber(cells.nth(2))];
    };
    expect({
      labour: await childFigures('labour_federation'),
      youth: await childFigures('youth_union_committee'),
      women: await childFigures('women_union'),
      veterans: await childFigures('veterans_association'),
    }).toEqual({ labour: [307, 35139], youth: [112, 2388], women: [30, 412], veterans: [9, 97] });
    await screenshot(page, `unit-province-non-state-2024-${viewport}`);

    // Every figure drills down to the list behind it, keeping the date and the filter.
    await figure('party', 1549).click();
    await heading(page, t('vi', 'drill.membersOf', { what: familyLabel('party') }));
    const drill = new URL(page.url());
    expect([drill.searchParams.get('asOf'), drill.searchParams.get('ownership')]).toEqual([
      FIGURES_DATE,
      'non_state',
    ]);
    await page
      .getByRole('main')
      .getByRole('status')
      .filter({ hasText: t('vi', 'pagination.range', { from: '1', to: '50', total: viNumber(1549) }) })
      .waitFor();
    await page.goBack();
    await figure('party', 1549).waitFor();

    // Today, for the whole province: after the reform there is no district level at all.
    await page.getByRole('combobox', { name: t('vi', 'stats.ownership.label') }).click();
    await page.getByRole('option', { name: t('vi', 'stats.ownership.all'), exact: true }).click();
    await page.waitForURL((url) => !url.searchParams.has('ownership'));
    // Wait for the unfiltered figures before the next change: the page builds each new address from
    // the parameters of its last render, so a change made before it re-renders brings the filter back.
    const unfiltered = await apiGet<Statistics>(page, `/units/${unitId}/statistics?asOf=${FIGURES_DATE}`);
    await figure('party', unfiltered.totals.members.find((m) => m.family === 'party')!.count).waitFor();
    await page.getByRole('button', { name: t('vi', 'asOf.today'), exact: true }).click();
    await page.waitForURL((url) => !url.searchParams.has('asOf') && !url.searchParams.has('ownership'));
    const today = await apiGet<Statistics>(page, `/units/${unitId}/statistics`);
    await figure('party', today.totals.members.find((m) => m.family === 'party')!.count).waitFor();
    await settled(page);
    expect(
      await byKind.getByRole('cell', { name: kindLabel('district_committee'), exact: true }).count(),
    ).toBe(0);
    expect(
      await byKind.getByRole('cell', { name: kindLabel('commune_committee'), exact: true }).count(),
    ).toBe(1);
    // Nor among the units directly below the province.
    await page.getByRole('tab', { name: new RegExp(`^${escapeRegExp(t('vi', 'units.children'))}`) }).click();
    const childRows = page.getByRole('tabpanel').getByRole('row');
    await childRows.nth(1).waitFor();
    expect(await childRows.filter({ hasText: kindLabel('district_committee') }).count()).toBe(0);
    expect(await childRows.filter({ hasText: kindLabel('commune_committee') }).count()).toBeGreaterThan(0);
    expectNoPageErrors(page);
  });

  it('3. people search without diacritics finds "Nguyễn Văn …"', async () => {
    const page = await session('staff', viewport);
    await page.goto('/units');
    await navLink(page, 'nav.people').click();
    await heading(page, t('vi', 'people.title'));
    await page.getByRole('searchbox', { name: t('vi', 'people.search') }).fill('nguyen van');
    await page.waitForURL((url) => url.searchParams.get('q') === 'nguyen van');
    await settled(page);
    const first = page.getByRole('main').getByRole('table').getByRole('link').first();
    await first.waitFor();
    expect(await first.innerText()).toMatch(/^Nguyễn Văn /);
    const names = await page.getByRole('main').getByRole('table').getByRole('link').allInnerTexts();
    expect(names.length).toBeGreaterThan(1);
    // Every result matches the folded text ("Nguyễn Vân …" does too); names beginning with it come first.
    for (const name of names) expect(fold(name)).toContain('nguyen van');
    await screenshot(page, `people-search-${viewport}`);

    // The person's page opens from the list.
    const name = await first.innerText();
    await first.click();
    await page.waitForURL(/\/people\/\d+$/);
    await heading(page, name);
    await page.getByRole('heading', { level: 2, name: t('vi', 'person.memberships') }).waitFor();
    await screenshot(page, `person-${viewport}`);
    expectNoPageErrors(page);
  });

  it('4. Arabic turns the app right-to-left, then back to Vietnamese', async () => {
    const page = await session('staff', viewport);
    await page.goto('/units');
    await heading(page, t('vi', 'units.title'));
    const width = page.viewportSize()!.width;
    const ltr = await navGeometry(page, 'vi');
    try {
      await switchLanguage(page, 'vi', 'ar');
      expect(
        await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]),
      ).toEqual(['rtl', 'ar']);
      await heading(page, t('ar', 'units.title'));
      const rtl = await navGeometry(page, 'ar');
      if (viewport === 'desktop') {
        // The side bar moves to the right edge.
        expect(ltr.box.x).toBeLessThan(width / 2);
        expect(rtl.box.x).toBeGreaterThan(width / 2);
        expect(rtl.box.x + rtl.box.width).toBeGreaterThan(width - 4);
      } else {
        // The tab bar stays at the bottom and its order runs from the right.
        expect(ltr.firstTab.x).toBeLessThan(ltr.lastTab.x);
        expect(rtl.firstTab.x).toBeGreaterThan(rtl.lastTab.x);
      }
      // The account remembers the language.
      expect((await apiGet<{ account: { locale: string } }>(page, '/session')).account.locale).toBe('ar');
      await page.reload();
      await heading(page, t('ar', 'units.title'));
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await screenshot(page, `units-tree-ar-${viewport}`);

      await switchLanguage(page, 'ar', 'vi');
      expect(
        await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]),
      ).toEqual(['ltr', 'vi']);
      await heading(page, t('vi', 'units.title'));
      const back = await navGeometry(page, 'vi');
      if (viewport === 'desktop') expect(back.box.x).toBeLessThan(width / 2);
      else expect(back.firstTab.x).toBeLessThan(back.lastTab.x);
      expect((await apiGet<{ account: { locale: string } }>(page, '/session')).account.locale).toBe('vi');
      expectNoPageErrors(page);
    } finally {
      if ((await page.evaluate(() => document.documentElement.lang)) !== 'vi') await restoreVietnamese(page);
    }
  });

  it('5. an import with one bad row shows the row error and writes nothing', async () => {
    const page = await session('staff', viewport);
    await page.goto('/units');
    await navLink(page, 'nav.imports').click();
    await heading(page, t('vi', 'import.title'));
    await page
      .getByRole('combobox', { name: t('vi', 'import.kind'), exact: true })
      .selectOption({ label: t('vi', 'import.kind.people') });

    // The blank CSV template offered on the page gives the columns.
    const templates = page.getByRole('region', { name: t('vi', 'import.templates') });
    const href = await templates
      .getByRole('link', { name: t('vi', 'export.csv'), exact: true })
      .getAttribute('href');
    const template = await page.context().request.get(href!);
    expect(template.status()).toBe(200);
    const header = (await template.text())
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]!
      .split(',');
    expect(header).toEqual(PEOPLE_COLUMNS);

    // A party cell this account may import into, by its code.
    const cells = await page.evaluate(async () => {
      const response = await fetch('/api/v1/units?q=chi bo&pageSize=50', { credentials: 'same-origin' });
      return ((await response.json()) as { items: UnitSummary[] }).items;
    });
    const cell = cells.find((u) => u.code && u.kind.includes('party_cell'));
    expect(cell, 'a party cell with a code').toBeTruthy();

    const good = { name: 'Trương Thử Nghiệm', search: 'truong thu nghiem' };
    const people = await apiGet<{ items: unknown[] }>(page, `/people?q=${encodeURIComponent(good.search)}`);
    expect(people.items, 'nobody by that name before the import').toEqual([]);
    const row = (values: Partial<Record<(typeof PEOPLE_COLUMNS)[number], string>>) =>
      PEOPLE_COLUMNS.map((c) => values[c] ?? '').join(',');
    const csv = [
      PEOPLE_COLUMNS.join(','),
      row({
        // Born 1985, male: century/sex digit 0.
        citizen_id: '052085731946',
        full_name: good.name,
        birth_date: '1985-04-12',
        sex: 'male',
        ethnicity: 'Kinh',
        phone: '0912345678',
        registered_unit_code: cell!.code!,
        party_unit_code: cell!.code!,
        party_applied_on: '2019-03-01',
        party_admitted_on: '2020-05-19',
        party_recognized_on: '2021-05-19',
      }),
      // Eleven digits: not a citizen ID.
      row({
        citizen_id: '05209012345',
        full_name: 'Lưu Dòng Lỗi',
        birth_date: '1990-02-14',
        sex: 'female',
        registered_unit_code: cell!.code!,
      }),
    ].join('\r\n');

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: t('vi', 'import.file'), exact: true }).click();
    await (
      await chooser
    ).setFiles({ name: 'nhan-su-thu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: t('vi', 'import.upload') }).click();
    await page.waitForURL(/\/imports\/\d+$/);

    // The job fails with the bad row named: row 3 (the header is row 1), column citizen_id.
    await page.getByText(exactly(t('vi', 'import.status.failed'))).waitFor({ timeout: 60_000 });
    const errors = page.getByRole('region', { name: t('vi', 'import.errors', { count: 1 }) });
    await errors.waitFor();
    const errorRows = errors.getByRole('row');
    expect(await errorRows.count()).toBe(2);
    const cellsOfError = await errorRows.nth(1).getByRole('cell').allInnerTexts();
    expect(cellsOfError[0]).toBe('3');
    expect(cellsOfError[1]).toBe('citizen_id');
    expect(cellsOfError[2]!.length).toBeGreaterThan(0);
    await page.getByRole('alert').first().waitFor();
    await axeCheck(page, `import errors (${viewport})`);
    await screenshot(page, `import-row-error-${viewport}`, { fullPage: viewport === 'desktop' });

    // All or nothing: the good row was not written either.
    await navLink(page, 'nav.people').click();
    await heading(page, t('vi', 'people.title'));
    await page.getByRole('searchbox', { name: t('vi', 'people.search') }).fill(good.search);
    await page.waitForURL((url) => url.searchParams.get('q') === good.search);
    await page
      .getByRole('main')
      .getByRole('status')
      .filter({ hasText: t('vi', 'people.none') })
      .waitFor();
    expect(
      (await apiGet<{ items: unknown[] }>(page, `/people?q=${encodeURIComponent(good.search)}`)).items,
    ).toEqual([]);
    expectNoPageErrors(page);
  });

  it('6. the commune account cannot open a unit outside its commune', async () => {
    const admin = await session('admin', viewport);
    const roots = await apiGet<{ items: UnitSummary[] }>(admin, '/units/roots');
    const province = roots.items[0]!;
    expect(province.name).toBe(server.account('admin').unitName);

    const page = await session('commune', viewport);
    // Its own commune opens...
    const own = await apiGet<{ items: UnitSummary[] }>(page, '/units/roots');
    expect(own.items.map((u) => u.name)).toEqual([server.account('commune').unitName]);
    await page.goto(`/units/${own.items[0]!.id}`);
    await heading(page, server.account('commune').unitName);

    // ...the province does not: it looks exactly like a unit that does not exist.
    const response = await page.context().request.get(`/api/v1/units/${province.id}`);
    expect(response.status()).toBe(404);
    await page.goto(`/units/${province.id}`);
    const main = page.getByRole('main');
    await main
      .getByText(/^\s*Không tìm thấy\.?\s*$/)
      .first()
      .waitFor();
    await settled(page);
    const outside = await main.innerText();
    expect(outside).not.toContain(province.name);
    expect(await page.getByRole('tab', { name: t('vi', 'units.tab.statistics') }).count()).toBe(0);
    await axeCheck(page, `unit out of scope (${viewport})`);
    await screenshot(page, `unit-not-found-${viewport}`);

    await page.goto('/units/2147480000');
    await main
      .getByText(/^\s*Không tìm thấy\.?\s*$/)
      .first()
      .waitFor();
    await settled(page);
    expect(await main.innerText()).toBe(outside);
    expectNoPageErrors(page);
  });

  it('7. the app opens offline after one visit', async () => {
    const context = await newContext(browser, viewport, server.baseUrl, { serviceWorkers: 'allow' });
    try {
      const page = await newPage(context);
      await signIn(page, server.account('member'));
      await heading(page, /\S/);
      // The service worker is active, so it has stored the app shell (it takes over from the next load).
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      expect(await page.evaluate(async () => (await caches.keys()).length)).toBeGreaterThan(0);

      await context.setOffline(true);
      await page.reload();
      const offline = page.getByRole('status').filter({ hasText: t('vi', 'offline.title') });
      await offline.waitFor();
      await offline.getByText(t('vi', 'offline.body')).waitFor();
      // The app itself rendered from the cache: its heading and the retry button.
      await page.getByRole('heading', { level: 1, name: 'Grassroots' }).waitFor();
      await page.getByRole('button', { name: t('vi', 'common.retry') }).waitFor();
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await screenshot(page, `offline-${viewport}`);

      // Back online, the app recovers by itself.
      await context.setOffline(false);
      await mainNavigation(page).waitFor();
      await heading(page, /\S/);
      expectNoPageErrors(page);
    } finally {
      await context.close();
    }
  });

  it('8. no serious or critical accessibility violations, Vietnamese and Arabic', async () => {
    const staff = await session('staff', viewport);
    const member = await session('member', viewport);
    const province = (await apiGet<{ items: UnitSummary[] }>(staff, '/units/roots')).items[0]!;
    const people = await apiGet<{ items: { id: number }[] }>(staff, '/people?q=nguyen%20van&pageSize=1');
    const personId = people.items[0]!.id;
    const program = (await apiGet<{ items: { id: number; title: string }[] }>(staff, '/programs?year=2023'))
      .items[0]!;

    const pages: { who: Page; path: string; name: string; ready: (l: Locale) => string | RegExp }[] = [
      { who: staff, path: '/units', name: 'units-tree', ready: (l) => t(l, 'units.title') },
      { who: staff, path: `/units/${province.id}`, name: 'unit-province', ready: () => province.name },
      { who: staff, path: '/people?q=nguyen%20van', name: 'people', ready: (l) => t(l, 'people.title') },
      { who: staff, path: `/people/${personId}`, name: 'person', ready: () => /\S/ },
      { who: staff, path: '/imports', name: 'import', ready: (l) => t(l, 'import.title') },
      { who: staff, path: `/programs/${program.id}`, name: 'program', ready: () => program.title },
      { who: member, path: '/me', name: 'member-home', ready: () => /\S/ },
      { who: member, path: '/me/profile', name: 'member-profile', ready: () => /\S/ },
      { who: member, path: '/me/cell', name: 'member-cell', ready: (l) => t(l, 'myCell.title') },
      {
        who: member,
        path: '/me/organizations',
        name: 'member-organizations',
        ready: (l) => t(l, 'myOrganizations.title'),
      },
    ];
    const failures: string[] = [];
    const check = async (page: Page, label: string) => {
      try {
        await axeCheck(page, label);
      } catch (error) {
        failures.push((error as Error).message);
      }
    };

    // The sign-in page, signed out, in both languages.
    const context = await newContext(browser, viewport, server.baseUrl);
    try {
      const page = await newPage(context);
      await page.goto('/sign-in');
      await page.getByRole('heading', { level: 2, name: t('vi', 'signIn.title') }).waitFor();
      await check(page, `sign-in vi ${viewport}`);
      await screenshot(page, `sign-in-${viewport}`);
      await page.getByRole('combobox', { name: t('vi', 'language.label') }).selectOption('ar');
      await page.getByRole('heading', { level: 2, name: t('ar', 'signIn.title') }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await check(page, `sign-in ar ${viewport}`);
    } finally {
      await context.close();
    }

    for (const locale of ['vi', 'ar'] as const) {
      try {
        if (locale === 'ar')
          for (const who of [staff, member]) {
            await who.goto('/settings');
            await heading(who, t('vi', 'settings.title'));
            await switchLanguage(who, 'vi', 'ar');
          }
        for (const p of pages) {
          await p.who.goto(p.path);
          await heading(p.who, p.ready(locale));
          expect(await p.who.evaluate(() => document.documentElement.dir)).toBe(
            locale === 'ar' ? 'rtl' : 'ltr',
          );
          await check(p.who, `${p.name} ${locale} ${viewport}`);
          if (locale === 'vi' && !['units-tree', 'person', 'people', 'program'].includes(p.name))
            await screenshot(p.who, `${p.name}-${viewport}`);
          if (locale === 'ar' && p.name === (viewport === 'desktop' ? 'unit-province' : 'member-cell'))
            await screenshot(p.who, `${p.name}-ar-${viewport}`);
        }
      } finally {
        if (locale === 'ar') for (const who of [staff, member]) await restoreVietnamese(who);
      }
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    expectNoPageErrors(staff);
    expectNoPageErrors(member);
  });

  it('9. the 2023 program of the steering committee: 6/6, "103" drills to the 103 people, the table exports', async () => {
    const page = await session('staff', viewport);
    await page.goto('/units');
    await navLink(page, 'nav.programs').click();
    await heading(page, t('vi', 'programs.title.list'));
    await page.getByRole('link', { name: /Chương trình công tác năm 2023/ }).click();
    await page.waitForURL(/\/programs\/\d+$/);
    await heading(page, /Chương trình công tác năm 2023/);
    await expect.poll(() => page.getByTestId('targets-met').innerText()).toBe('6/6');
    // The table on a desktop, one card per target on a phone: the same figures.
    const main = page.getByRole('main');
    await expect.poll(() => main.innerText()).toContain('+28,75%');
    expect(await main.innerText()).toContain('+6,67%');
    expect(await main.innerText()).toContain('+7,69%');
    expect(await main.innerText()).toContain('128,75%');
    await axeCheck(page, `program dashboard (${viewport})`);
    await screenshot(page, `program-2023-${viewport}`, { fullPage: viewport === 'desktop' });

    // The XLSX export of the table: the link the user clicks, fetched with their session.
    const href = await page.getByRole('link', { name: t('vi', 'export.xlsx') }).getAttribute('href');
    const xlsx = await page.context().request.get(href!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-disposition']).toMatch(/attachment; filename=".+\.xlsx"/);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

    // "103" opens the list of the 103 people admitted.
    await page.getByRole('link', { name: /^103: / }).click();
    await page.waitForURL(/\/programs\/\d+\/targets\/\d+/);
    await page.getByText(/^103 hồ sơ/).waitFor();
    const rows = page.getByRole('main').getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(51); // header + the first 50
    const targetId = Number(/targets\/(\d+)/.exec(page.url())![1]);
    const all = await apiGet<{ total: number }>(page, `/targets/${targetId}/records?pageSize=200`);
    expect(all.total).toBe(103);
    await axeCheck(page, `program records (${viewport})`);
    await screenshot(page, `program-2023-admissions-${viewport}`);
    expectNoPageErrors(page);
  });
});

const PEOPLE_COLUMNS = [
  'citizen_id',
  'full_name',
  'birth_date',
  'sex',
  'ethnicity',
  'religion',
  'phone',
  'education',
  'occupation',
  'political_theory',
  'registered_unit_code',
  'party_unit_code',
  'party_card_number',
  'party_applied_on',
  'party_admitted_on',
  'party_recognized_on',
  'trade_union_unit_code',
  'trade_union_joined_on',
  'youth_union_unit_code',
  'youth_union_joined_on',
  'women_unit_code',
  'women_joined_on',
  'veterans_unit_code',
  'veterans_joined_on',
] as const;

/** Lower case without diacritics, as the search compares names: "Nguyễn Văn Đức" -> "nguyen van duc". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Where the main navigation sits: its box, and its first and last link (for the phone's tab bar). */
async function navGeometry(page: Page, locale: Locale) {
  const nav = mainNavigation(page, locale);
  const links = nav.getByRole('link');
  const box = await nav.boundingBox();
  const firstTab = await links.first().boundingBox();
  const lastTab = await links.last().boundingBox();
  if (!box || !firstTab || !lastTab) throw new Error('the main navigation is not on screen');
  return { box, firstTab, lastTab };
}
