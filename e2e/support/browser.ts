/**
 * Chromium through playwright-core, the two viewports the app is designed for, and the helpers every
 * flow uses: sign in and out by label, the app's own words from its message catalogues, an axe check
 * that fails on serious and critical violations, and screenshots for docs/screenshots.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { IntlMessageFormat } from 'intl-messageformat';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT, type DemoAccount } from './server.ts';

// ---------------------------------------------------------------------------------------------------
// Browser and contexts

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export type ViewportName = 'phone' | 'desktop';
export const VIEWPORTS: readonly ViewportName[] = ['phone', 'desktop'];

const CONTEXT_OPTIONS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 },
} as const;

/** How long a single wait may take: the province's statistics on the embedded database are the slowest. */
export const WAIT_MS = 30_000;

export interface ContextOptions {
  /** The offline flow needs the service worker; everything else blocks it so every load is fresh. */
  serviceWorkers?: 'allow' | 'block';
}

/** A browser context with a Vietnamese browser, as the demo's users have. */
export async function newContext(
  browser: Browser,
  viewport: ViewportName,
  baseUrl: string,
  options: ContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    ...CONTEXT_OPTIONS[viewport],
    baseURL: baseUrl,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: options.serviceWorkers ?? 'block',
  });
  context.setDefaultTimeout(WAIT_MS);
  return context;
}

/** A page that fails the test on uncaught errors in the app. */
export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  pageErrors.set(page, errors);
  return page;
}

const pageErrors = new WeakMap<Page, string[]>();

/** Uncaught errors the app threw in this page so far (and forgets them). */
export function takePageErrors(page: Page): string[] {
  const errors = pageErrors.get(page) ?? [];
  const copy = [...errors];
  errors.length = 0;
  return copy;
}

// ---------------------------------------------------------------------------------------------------
// The app's words

export type Locale = 'vi' | 'en' | 'ar' | 'hi';
const catalogues = new Map<Locale, Record<string, string>>();

/** A message of the web app's catalogue, formatted: the tests find controls by what users read. */
export function t(locale: Locale, id: string, values?: Record<string, string | number>): string {
  let messages = catalogues.get(locale);
  if (!messages) {
    const file = join(REPO_ROOT, 'src', 'shared', 'i18n', 'messages', `${locale}.json`);
    messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    catalogues.set(locale, messages);
  }
  const message = messages[id];
  if (message === undefined) throw new Error(`No message "${id}" in ${locale}`);
  return String(new IntlMessageFormat(message, locale).format(values));
}

/** Numbers as the app shows them to a Vietnamese user: 35139 -> "35.139". */
export function viNumber(n: number): string {
  return new Intl.NumberFormat('vi-VN').format(n);
}

/** The number in a Vietnamese-formatted text: "35.139" -> 35139. */
export function parseViNumber(text: string): number {
  const digits = text.replace(/[.\s\u00a0]/g, '');
  if (!/^\d+$/.test(digits)) throw new Error(`not a number: "${text}"`);
  return Number(digits);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An exact, whole-text match (for getByText/getByRole names without substring surprises). */
export function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

// ---------------------------------------------------------------------------------------------------
// Signing in and out

/**
 * Signs in through the sign-in form, in `locale` (the form's language on this device becomes the
 * account's language), and waits for the signed-in shell.
 */
export async function signIn(page: Page, account: DemoAccount, locale: Locale = 'vi'): Promise<void> {
  await page.goto('/sign-in');
  const username = page.getByRole('textbox', { name: t('vi', 'signIn.username') });
  await username.waitFor();
  // The language chosen on this device; signing in stores it on the account (undoing a language a
  // failed test may have left there).
  await page.evaluate((l) => localStorage.setItem('grassroots.locale', l), locale);
  await username.fill(account.username);
  // The label reads "Mật khẩu *" (required); the show-password toggle is a button, not a textbox.
  await page.getByRole('textbox', { name: t('vi', 'signIn.password') }).fill(account.password);
  await page.getByRole('button', { name: t('vi', 'signIn.submit') }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await mainNavigation(page, locale).waitFor();
}

/** The app's main navigation: the side bar on a desktop, the tab bar on a phone (one is visible). */
export function mainNavigation(page: Page, locale: Locale = 'vi'): Locator {
  return page.getByRole('navigation', { name: t(locale, 'nav.main') }).locator('visible=true');
}

/** A link of the main navigation. */
export function navLink(page: Page, id: string, locale: Locale = 'vi'): Locator {
  return mainNavigation(page, locale).getByRole('link', { name: t(locale, id), exact: true });
}

/**
 * Signs out the way the user would: the header's button on a desktop, Settings on a phone (the
 * phone's header has no room for it). Ends on the sign-in page.
 */
export async function signOut(page: Page, viewport: ViewportName, locale: Locale = 'vi'): Promise<void> {
  if (viewport === 'phone') {
    await navLink(page, 'nav.settings', locale).click();
    await page.getByRole('heading', { level: 1, name: t(locale, 'settings.title') }).waitFor();
  }
  await page
    .getByRole('button', { name: t(locale, 'account.signOut') })
    .locator('visible=true')
    .click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await page.getByRole('textbox', { name: t(locale, 'signIn.username') }).waitFor();
}

/** Switches the language with the header's switcher (which also stores it on the account). */
export async function switchLanguage(page: Page, from: Locale, to: Locale): Promise<void> {
  await page
    .getByRole('combobox', { name: t(from, 'language.label') })
    .locator('visible=true')
    .first()
    .selectOption(to);
  await page.waitForFunction((l) => document.documentElement.lang === l, to);
  await mainNavigation(page, to).waitFor();
}

/** The page's main heading, once it shows `name` (a loader may show first). */
export async function heading(page: Page, name: string | RegExp): Promise<Locator> {
  const h1 = page.getByRole('heading', { level: 1, name });
  await h1.waitFor();
  return h1;
}

/** Waits until nothing on the page is loading (no busy region, no loader). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[aria-busy="true"], .mantine-Loader-root').length === 0 &&
      document.getElementById('root')?.childElementCount !== 0,
    undefined,
    { timeout: WAIT_MS },
  );
}

// ---------------------------------------------------------------------------------------------------
// Accessibility

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe on the page as it is and throws when it finds serious or critical violations (printed with
 * their nodes). Minor and moderate ones are printed only.
 */
export async function axeCheck(page: Page, label: string): Promise<void> {
  await settled(page);
  const result = await new AxeBuilder({ page })
    .withTags(AXE_TAGS)
    // Only violations are reported in full: much faster on long pages.
    .options({ resultTypes: ['violations'] })
    .analyze();
  const blocking = result.violations.filter((v) => v.impact && BLOCKING.has(v.impact));
  const others = result.violations.filter((v) => !(v.impact && BLOCKING.has(v.impact)));
  const describe = (list: typeof result.violations) =>
    list
      .map(
        (v) =>
          `  [${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes
            .slice(0, 5)
            .map((n) => `      ${n.target.join(' ')}  ${(n.failureSummary ?? '').split('\n')[1] ?? ''}`)
            .join('\n'),
      )
      .join('\n');
  if (others.length > 0) console.log(`axe ${label}: ${others.length} minor/moderate\n${describe(others)}`);
  if (blocking.length > 0) {
    const text = `axe ${label}: ${blocking.length} serious/critical violation(s)\n${describe(blocking)}`;
    console.log(text);
    throw new Error(text);
  }
}

// ---------------------------------------------------------------------------------------------------
// Screenshots

const SCREENSHOT_DIR = join(REPO_ROOT, 'docs', 'screenshots');

/** Saves the viewport (or the full page) as docs/screenshots/<name>.png, replacing an older one. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await settled(page);
  // No focus ring or text selection left over from typing.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // Let charts finish their entry animation.
  await page.waitForTimeout(400);
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: options.fullPage ?? false,
    animations: 'disabled',
    caret: 'hide',
  });
}
