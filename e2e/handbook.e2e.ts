/**
 * One month of a cell, on phones, through the party-member handbook, on a server of this flow's own
 * whose clock is set to three moments (the server restarts on the same database between them):
 *
 *   1. 5 December, before the schedule day: the secretary schedules January's regular meeting with an
 *      agenda (one item voted on openly) and a draft resolution; the member finds it on the home screen
 *      and in the inbox, replies "will attend" and comments on a paragraph of the draft;
 *   2. 12 January, five minutes into the meeting: the secretary shows the check-in code and opens the
 *      vote; the member checks in with the code and votes; the secretary marks the others present,
 *      closes the vote, records the meeting as held, publishes the resolution and the minutes;
 *   3. 1 February, January over: the commune's monitor shows the cell green for January, and another
 *      cell of the commune that skipped the month red.
 *
 * The demo province is seeded at the first moment; its cell life runs up to that day, and two cells of
 * the secretary's commune have no meeting in that month or the next (the secretary's, and one that skips).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeCheck,
  escapeRegExp,
  heading,
  launchBrowser,
  newContext,
  newPage,
  screenshot,
  signIn,
  t,
  takePageErrors,
  type ViewportName,
} from './support/browser.ts';
import { startServer, type DemoUsername, type TestServer } from './support/server.ts';

const AT_SCHEDULING = '2026-12-05T09:00:00+07:00';
const AT_MEETING = '2027-01-12T19:05:00+07:00';
const AFTER_MONTH = '2027-02-01T08:00:00+07:00';
const MEETING_DAY = '2027-01-12';

const TOPIC = 'Sinh hoạt chi bộ tháng 1: học tập nghị quyết, kết nạp đảng viên';
const VOTED_ITEM = 'Đề nghị kết nạp quần chúng ưu tú vào Đảng';
const DRAFT_TITLE = 'Dự thảo nghị quyết chi bộ tháng 1';
const PARAGRAPHS = [
  'Chi bộ thống nhất đề nghị kết nạp một quần chúng ưu tú vào Đảng trong quý IV.',
  'Mỗi đảng viên nhận một nhiệm vụ cụ thể trong thực hiện nghị quyết của Đảng ủy xã.',
];
const COMMENT = 'Đề nghị ghi rõ người giới thiệu và thời hạn hoàn thành hồ sơ.';

let browser: Browser;
let server: (TestServer & { dataDir: string | null }) | null = null;
const dataDir = mkdtempSync(join(tmpdir(), 'grassroots-handbook-e2e-'));
const contexts: BrowserContext[] = [];

async function serverAt(clock: string) {
  await server?.stop();
  server = await startServer({ own: true, dataDir, env: { CLOCK_START: clock } });
  return server;
}

/** A signed-in page whose browser clock matches the server's. */
async function pageFor(username: DemoUsername, viewport: ViewportName, clock: string): Promise<Page> {
  const context = await newContext(browser, viewport, server!.baseUrl);
  contexts.push(context);
  await context.clock.install({ time: new Date(clock) });
  const page = await newPage(context);
  await signIn(page, server!.account(username));
  return page;
}

async function closeContexts() {
  for (const c of contexts.splice(0)) await c.close();
}

function expectNoPageErrors(page: Page) {
  expect(takePageErrors(page)).toEqual([]);
}

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.context().request.get(`/api/v1${path}`);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

interface Session {
  roles: { role: string; unitId: number; unitName: string }[];
}

let meetingPath = '';
let cell = { id: 0, name: '' };

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await closeContexts();
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a month of a cell in the party-member handbook', () => {
  it('5 December: the secretary schedules January with an agenda and a draft; the member replies and comments', async () => {
    await serverAt(AT_SCHEDULING);
    const secretary = await pageFor('secretary', 'phone', AT_SCHEDULING);
    const session = await api<Session>(secretary, '/session');
    const role = session.roles.find((r) => r.role === 'cell_secretary')!;
    cell = { id: role.unitId, name: role.unitName };

    await secretary.goto(`/units/${cell.id}/meetings/new`);
    await heading(secretary, t('vi', 'manage.form.newTitle'));
    // The regular meeting of next month is the default; scheduling on the 15th is in time.
    await secretary.getByText(t('vi', 'manage.rule.title')).waitFor();
    await secretary.getByLabel(t('vi', 'manage.form.date'), { exact: false }).first().fill(MEETING_DAY);
    await secretary.getByLabel(t('vi', 'manage.form.startTime'), { exact: false }).fill('19:00');
    await secretary.getByLabel(t('vi', 'manage.form.place'), { exact: false }).fill('Nhà văn hóa thôn');
    await secretary.getByLabel(t('vi', 'manage.meetings.topic'), { exact: false }).fill(TOPIC);

    await secretary.getByRole('button', { name: t('vi', 'manage.agenda.add') }).click();
    await secretary
      .getByRole('textbox', { name: t('vi', 'manage.agenda.itemTitle', { n: 1 }), exact: true })
      .fill(VOTED_ITEM);
    await secretary.getByRole('combobox', { name: t('vi', 'manage.agenda.vote', { n: 1 }) }).click();
    await secretary.getByRole('option', { name: t('vi', 'manage.vote.open'), exact: true }).click();

    await secretary.getByLabel(t('vi', 'manage.draft.include')).check();
    await secretary.getByLabel(t('vi', 'manage.draft.title'), { exact: false }).fill(DRAFT_TITLE);
    await secretary
      .getByRole('textbox', { name: t('vi', 'manage.draft.paragraph', { n: 1 }), exact: true })
      .fill(PARAGRAPHS[0]!);
    await secretary.getByRole('button', { name: t('vi', 'manage.draft.addParagraph') }).click();
    await secretary
      .getByRole('textbox', { name: t('vi', 'manage.draft.paragraph', { n: 2 }), exact: true })
      .fill(PARAGRAPHS[1]!);
    await secretary.getByRole('button', { name: t('vi', 'manage.form.schedule') }).click();
    await secretary.waitForURL((url) => /^\/meetings\/\d+$/.test(url.pathname));
    meetingPath = new URL(secretary.url()).pathname;
    await heading(secretary, TOPIC);
    expectNoPageErrors(secretary);

    // The member: the meeting on the home screen, the notification in the inbox.
    const member = await pageFor('member', 'phone', AT_SCHEDULING);
    await member.waitForURL((url) => url.pathname === '/me');
    const upcoming = member.getByRole('region', { name: t('vi', 'member.home.meetings') });
    await upcoming.getByText(TOPIC).first().waitFor();
    await screenshot(member, 'handbook-home-phone');
    await member.goto('/me/notifications');
    await member.getByRole('main').getByText(TOPIC, { exact: false }).first().waitFor();

    await member.goto(meetingPath);
    await heading(member, TOPIC);
    await member.getByRole('button', { name: t('vi', 'member.reply.attend') }).click();
    await member.getByText(t('vi', 'member.reply.state.attend')).first().waitFor();

    await member
      .getByRole('button', { name: t('vi', 'member.comment.onParagraph', { n: 1 }) })
      .or(member.getByRole('button', { name: t('vi', 'member.comment.add') }).first())
      .first()
      .click();
    await member
      .getByRole('textbox', { name: t('vi', 'member.comment.onParagraph', { n: 1 }) })
      .fill(COMMENT);
    await member.getByRole('button', { name: t('vi', 'member.comment.send') }).click();
    await member.getByText(COMMENT).first().waitFor();
    await screenshot(member, 'handbook-meeting-draft-phone', { fullPage: true });
    await axeCheck(member, 'member meeting page (vi)');
    expectNoPageErrors(member);
    await closeContexts();
  }, 400_000);

  it('12 January: the member checks in with the code and votes; the secretary records the meeting and publishes', async () => {
    expect(meetingPath).not.toBe('');
    await serverAt(AT_MEETING);
    const secretary = await pageFor('secretary', 'phone', AT_MEETING);
    await secretary.goto(meetingPath);
    await heading(secretary, TOPIC);
    const codeLabel = secretary.getByLabel(
      // the digits are read out one by one
      new RegExp(`^${escapeRegExp(t('vi', 'member.manage.codeIs', { code: '' }))}(\\d ){5}\\d$`),
    );
    await codeLabel.first().waitFor();
    await secretary
      .getByRole('button', { name: t('vi', 'member.manage.openVoteOn', { title: VOTED_ITEM }) })
      .click();
    await secretary
      .getByRole('button', { name: t('vi', 'member.manage.closeVoteOn', { title: VOTED_ITEM }) })
      .waitFor();
    await screenshot(secretary, 'handbook-meeting-day-secretary-phone');

    const member = await pageFor('member', 'phone', AT_MEETING);
    await member.goto(meetingPath);
    await heading(member, TOPIC);
    // read the code the secretary shows now (it changes every 30 seconds)
    const code = ((await codeLabel.first().getAttribute('aria-label')) ?? '').replace(/\D/g, '');
    expect(code).toMatch(/^\d{6}$/);
    await member.getByRole('textbox', { name: t('vi', 'member.checkin.code') }).fill(code);
    await member.getByRole('button', { name: t('vi', 'member.checkin.submit'), exact: true }).click();
    await member
      .getByText(t('vi', 'member.checkin.sent'))
      .or(member.getByText(/Đã điểm danh/))
      .first()
      .waitFor();

    await member.reload();
    const ballot = member.getByRole('group', { name: t('vi', 'member.vote.choose', { title: VOTED_ITEM }) });
    await ballot
      .getByRole('button', { name: t('vi', 'member.vote.for'), exact: true })
      .or(ballot.getByRole('radio', { name: t('vi', 'member.vote.for') }))
      .first()
      .click();
    await member
      .getByText(t('vi', 'member.vote.voted'))
      .or(member.getByText(t('vi', 'member.vote.votedChoice', { choice: t('vi', 'member.vote.for') })))
      .first()
      .waitFor();
    expectNoPageErrors(member);

    await secretary
      .getByRole('button', { name: t('vi', 'member.manage.closeVoteOn', { title: VOTED_ITEM }) })
      .click();
    await secretary.getByText(t('vi', 'member.vote.isClosed')).first().waitFor();

    // The others came without their phones: the secretary marks them present.
    const marks = secretary.getByRole('combobox', {
      name: new RegExp(`^${escapeRegExp(t('vi', 'member.manage.attendanceOf', { name: '' }))}`),
    });
    await marks.first().waitFor();
    for (let i = 0; i < (await marks.count()); i++) {
      if ((await marks.nth(i).inputValue()) === '') await marks.nth(i).selectOption('present');
    }
    await secretary
      .getByRole('button', {
        name: new RegExp(`^${escapeRegExp(t('vi', 'member.manage.saveAttendance', { count: 0 }))}`),
      })
      .click();
    await expect
      .poll(async () => {
        for (let i = 0; i < (await marks.count()); i++)
          if ((await marks.nth(i).inputValue()) === '') return false;
        return true;
      })
      .toBe(true);
    // "Recorded as held", then the same button again once the consequence is spelled out
    await secretary.getByRole('button', { name: t('vi', 'member.manage.heldSubmit'), exact: true }).click();
    await secretary.getByText(t('vi', 'member.manage.heldConfirm')).waitFor();
    await secretary.getByRole('button', { name: t('vi', 'member.manage.heldSubmit'), exact: true }).click();
    await secretary.getByText(t('vi', 'member.manage.heldConfirm')).waitFor({ state: 'detached' });

    for (const kind of ['resolution', 'minutes'] as const) {
      await secretary.getByRole('button', { name: t('vi', `member.text.${kind}`), exact: true }).click();
      await secretary
        .getByRole('textbox', { name: t('vi', 'member.manage.textTitle') })
        .fill(kind === 'resolution' ? 'Nghị quyết chi bộ tháng 1' : 'Biên bản sinh hoạt chi bộ tháng 1');
      const paragraph = secretary.getByRole('textbox', {
        name: t('vi', 'manage.draft.paragraph', { n: 1 }),
        exact: true,
      });
      if ((await paragraph.inputValue()) === '')
        await paragraph.fill(
          kind === 'resolution'
            ? PARAGRAPHS[0]!
            : 'Chi bộ họp lúc 19 giờ, có mặt đủ số đảng viên theo quy định.',
        );
      await secretary
        .getByRole('button', { name: t('vi', 'member.manage.publishSubmit'), exact: true })
        .click();
      await secretary.getByRole('button', { name: t('vi', `member.text.${kind}`), exact: true }).waitFor();
    }
    await secretary.reload();
    await secretary
      .getByRole('heading', { name: t('vi', 'member.text.minutes') })
      .first()
      .waitFor();
    // the secretary signs the minutes off: once, then the text says so
    const signOff = secretary.getByRole('button', { name: t('vi', 'manage.text.signOff'), exact: true });
    await signOff.first().click();
    await secretary
      .getByText(new RegExp(escapeRegExp(t('vi', 'member.text.signedOff', { date: '' }).trim())))
      .first()
      .waitFor();
    expectNoPageErrors(secretary);
    await closeContexts();
  }, 300_000);

  it('1 February: the commune monitor shows the cell green for January, a cell that skipped it red', async () => {
    expect(cell.id).toBeGreaterThan(0);
    await serverAt(AFTER_MONTH);
    const commune = await pageFor('commune', 'desktop', AFTER_MONTH);
    const session = await api<Session>(commune, '/session');
    const communeId = session.roles[0]!.unitId;
    const monitor = await api<{
      items: { unitId: number; unitName: string; months: { status: string }[] }[];
    }>(commune, `/units/${communeId}/compliance?year=2027&sort=name&pageSize=200`);
    const january = (id: number) => monitor.items.find((r) => r.unitId === id)?.months[0]?.status;
    expect(january(cell.id)).toBe('green');
    const skipped = monitor.items.find((r) => r.unitId !== cell.id && r.months[0]?.status === 'red');
    expect(skipped, 'a cell of the commune that skipped January').toBeDefined();

    // the same on the screen: each cell on its page of the table (50 cells a page, by name)
    const square = (name: string, status: 'green' | 'red') =>
      commune.getByRole('button', {
        name: new RegExp(
          `^${escapeRegExp(name)}, [^:]*\\D1\\D[^:]*2027: ${escapeRegExp(t('vi', `monitor.status.${status}`))}`,
        ),
      });
    for (const [unit, status] of [
      [cell, 'green'],
      [{ id: skipped!.unitId, name: skipped!.unitName }, 'red'],
    ] as const) {
      const page = Math.floor(monitor.items.findIndex((r) => r.unitId === unit.id) / 50) + 1;
      await commune.goto(`/units/${communeId}/compliance?year=2027&page=${page}`);
      await heading(commune, t('vi', 'monitor.title'));
      await square(unit.name, status).first().waitFor();
    }
    await screenshot(commune, 'handbook-monitor-desktop');
    await axeCheck(commune, 'compliance monitor (vi)');
    expectNoPageErrors(commune);
  }, 300_000);
});
