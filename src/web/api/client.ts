import { dropEarlyResponses, takeEarlyResponse } from '../app/boot.ts';

/**
 * One way to reach the server: JSON in and out, the session cookie, the CSRF header on writes, the
 * caller's language, and errors turned into `ApiError` from the problem+json body (whose title and
 * detail are already in the user's language).
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldProblem[] = [],
  ) {
    super(detail ?? title);
  }
}

/** The server could not be reached (offline, server down). */
export class NetworkError extends Error {}

const BASE = '/api/v1';

let csrfToken: string | undefined;
let language = 'vi';
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function setRequestLanguage(locale: string): void {
  language = locale;
}

/** Called when a request made while signed in answers 401: the session has ended. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type Query = Record<string, string | number | boolean | null | undefined | (string | number)[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function apiUrl(path: string, query?: Query): string {
  return withQuery(BASE + path, query);
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 here is an answer (signing in, probing the session), not an expired session. */
  expectUnauthorized?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const url = apiUrl(path, options.query);
  // A GET the start-up script already made (index.html) is answered by it; a write drops them all.
  const early = method === 'GET' ? takeEarlyResponse(url) : undefined;
  if (method !== 'GET') dropEarlyResponses();
  let response: Response;
  try {
    response = await (early ??
      fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal }));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return undefined as T;
  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && !options.expectUnauthorized) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw problem;
  }
  return (await response.json()) as T;
}

async function readProblem(response: Response): Promise<ApiError> {
  try {
    const json = (await response.json()) as Partial<{
      title: string;
      detail: string;
      code: string;
      errors: FieldProblem[];
    }>;
    return new ApiError(
      response.status,
      json.code ?? String(response.status),
      json.title ?? response.statusText,
      json.detail,
      Array.isArray(json.errors) ? json.errors : [],
    );
  } catch {
    return new ApiError(response.status, String(response.status), response.statusText, undefined);
  }
}
