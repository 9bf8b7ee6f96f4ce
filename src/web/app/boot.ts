/**
 * What the start-up script in index.html asked the server for before the app's code arrived: the
 * session and the first screen's data, each answer taken once by the request it stands for
 * (src/web/api/client.ts). Answers are only used in the first seconds and before any write (signing
 * in or out among them), so nothing stale or meant for another account is ever shown.
 */
interface Boot {
  locale: string;
  /** Date.now() when the script ran. */
  at: number;
  /** Keyed by the request's URL (`/api/v1/...`). */
  responses: Record<string, Promise<Response>>;
}

declare global {
  interface Window {
    __grassrootsBoot?: Boot;
  }
}

/** How long an early answer may stand in for a request the app makes. */
const FRESH_MS = 15_000;

function boot(): Boot | undefined {
  return typeof window === 'undefined' ? undefined : window.__grassrootsBoot;
}

/** The early answer for a GET of `url`, once; undefined when there is none (or it is too old). */
export function takeEarlyResponse(url: string): Promise<Response> | undefined {
  const b = boot();
  if (!b) return undefined;
  if (Date.now() - b.at > FRESH_MS) {
    b.responses = {};
    return undefined;
  }
  const answer = b.responses[url];
  if (answer) delete b.responses[url];
  return answer;
}

/** Forgets every early answer (a write may change what they say). */
export function dropEarlyResponses(): void {
  const b = boot();
  if (b) b.responses = {};
}
