/** What a Web Push message shows and where a click on it leads (read by the service worker). */

export interface PushDisplay {
  title: string;
  body: string;
  url: string;
  tag: string | undefined;
}

/** An app path or same-origin address as an absolute URL; anything else opens the app's start. */
export function resolveAppUrl(value: unknown, origin: string): string {
  if (typeof value === 'string' && value.length <= 2000) {
    try {
      const url = new URL(value, origin);
      if (url.origin === origin) return url.href;
    } catch {
      // not an address
    }
  }
  return new URL('/', origin).href;
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** The message as sent ({title, body, url, tag}); a malformed one still shows the app's name. */
export function pushDisplay(payload: unknown, origin: string): PushDisplay {
  const p = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const title = text(p.title, 200) || 'Grassroots';
  const body = text(p.body, 1000) || (typeof payload === 'string' ? payload.slice(0, 1000) : '');
  const tag = text(p.tag, 200) || undefined;
  return { title, body, url: resolveAppUrl(p.url, origin), tag };
}
