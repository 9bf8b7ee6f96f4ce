import type { ErrorCode } from '../i18n.ts';

export interface FieldError {
  path: string;
  code: string;
  params?: Record<string, unknown>;
}

/** A failure the caller can act on: a stable code, an HTTP status and parameters for the message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(code);
  }
}

/** Out of scope and missing are the same answer. */
export const notFound = () => new AppError('not_found', 404);
export const forbidden = () => new AppError('forbidden', 403);
export const invalid = (code: ErrorCode, params: Record<string, unknown> = {}, status = 422) =>
  new AppError(code, status, params);
