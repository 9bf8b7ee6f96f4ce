import { useSearchParams } from 'react-router';
import { isIsoDate } from '../../../shared/dates.ts';

/** The "as of" date lives in the address, so every link and every figure on the page share it. */
export function useAsOf(): [string | undefined, (value: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('asOf');
  const asOf = raw && isIsoDate(raw) ? raw : undefined;
  const set = (value: string | undefined) => {
    // from the current address: two quick changes must not undo each other
    const next = new URLSearchParams(window.location.search);
    if (value && isIsoDate(value)) next.set('asOf', value);
    else next.delete('asOf');
    setParams(next, { replace: true });
  };
  return [asOf, set];
}

/** A query string carrying the date (and more), for links that keep the page's "as of". */
export function withAsOf(
  path: string,
  asOf: string | undefined,
  extra: Record<string, string | undefined> = {},
) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  if (asOf) params.set('asOf', asOf);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
