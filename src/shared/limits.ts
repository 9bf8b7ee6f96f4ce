/** Limits shared by the contracts, the server and the web app. */
export const LIMITS = {
  bodyBytes: 1024 * 1024,
  importFileBytes: 50 * 1024 * 1024,
  importRows: 2_000_000,
  pageSizeMax: 200,
  pageSizeDefault: 50,
  exportRowsMax: 1_000_000,
  searchMinChars: 2,
  searchMaxChars: 100,
  passwordMin: 8,
  passwordMax: 128,
  nameMax: 200,
  unitNameMax: 300,
  /** Failed logins allowed per username / per client address in the window before 429. */
  loginFailuresPerUser: 10,
  loginFailuresPerIp: 50,
  loginWindowMinutes: 15,
  /** Meeting materials: largest file accepted. */
  materialBytes: 10 * 1024 * 1024,
  agendaItemsMax: 30,
  attendanceEntriesMax: 1000,
  paragraphsMax: 300,
  paragraphMax: 10_000,
} as const;

export const LOCALES = ['vi', 'en', 'ar', 'hi'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
export const RTL_LOCALES: readonly Locale[] = ['ar'];
