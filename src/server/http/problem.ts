import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from './errors.ts';
import { MembershipRuleError } from '../../shared/rules/membership.ts';
import { MembershipRebuildError } from '../modules/people/periods.ts';
import { translate, type ErrorCode } from '../i18n.ts';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: { path: string; code: string; message: string }[];
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  const locale = req.locale;
  const detail = translate(locale, err.code, err.params);
  const body: ProblemBody = {
    type: `https://grassroots.dev/problems/${err.code}`,
    title: translate(locale, err.code, err.params),
    status: err.status,
    code: err.code,
    detail,
    instance: req.id,
  };
  if (err.fieldErrors.length > 0) {
    body.errors = err.fieldErrors.map((f) => ({
      path: f.path,
      code: f.code,
      message: translate(locale, f.code, f.params ?? {}),
    }));
  }
  return reply.status(err.status).type('application/problem+json').send(body);
}

interface PgError {
  code?: string;
  constraint?: string;
}

/** One handler maps every failure to one response shape; database details never leak. */
export function installErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error instanceof AppError) return sendProblem(req, reply, error);
    if (error instanceof MembershipRebuildError) {
      return sendProblem(req, reply, new AppError(error.rule.code, 422, error.rule.params));
    }
    if (error instanceof MembershipRuleError) {
      return sendProblem(req, reply, new AppError(error.code, 422, error.params));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fieldErrors: FieldError[] = error.validation.map((v) => {
        const where = String(v.instancePath ?? '')
          .replace(/^\//, '')
          .replace(/\//g, '.');
        const ctx = error.validationContext ?? 'body';
        return {
          path: where ? `${ctx}.${where}` : ctx,
          code: 'validation.field',
          params: { path: where || ctx, message: v.message ?? 'invalid' },
        };
      });
      return sendProblem(req, reply, new AppError('validation.failed', 400, {}, fieldErrors));
    }
    if (isResponseSerializationError(error)) {
      req.log.error({ err: error }, 'response did not match its schema');
      return sendProblem(req, reply, new AppError('internal', 500));
    }
    const code = (error as FastifyError).code;
    const map: Record<string, [ErrorCode, number]> = {
      FST_ERR_CTP_BODY_TOO_LARGE: ['body.too_large', 413],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: ['body.unsupported_media_type', 415],
      FST_ERR_CTP_EMPTY_JSON_BODY: ['body.malformed_json', 400],
      FST_ERR_CTP_INVALID_JSON_BODY: ['body.malformed_json', 400],
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['body.malformed_json', 400],
      FST_REQ_FILE_TOO_LARGE: ['body.too_large', 413],
      FST_FILES_LIMIT: ['body.too_large', 413],
      FST_INVALID_MULTIPART_CONTENT_TYPE: ['body.unsupported_media_type', 415],
    };
    if (code && map[code]) {
      const [c, s] = map[code]!;
      return sendProblem(req, reply, new AppError(c, s));
    }
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      return sendProblem(req, reply, new AppError('body.malformed_json', 400));
    }
    const pg = error as unknown as PgError;
    if (pg.code === '23505' && pg.constraint === 'person_citizen_id_key') {
      return sendProblem(req, reply, new AppError('citizen_id.duplicate', 409));
    }
    if (pg.code === '40001' || pg.code === '40P01')
      return sendProblem(req, reply, new AppError('conflict', 409));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      if (error.statusCode === 429)
        return sendProblem(req, reply, new AppError('auth.rate_limited', 429, { minutes: 1 }));
      return sendProblem(req, reply, new AppError('validation.failed', error.statusCode));
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendProblem(req, reply, new AppError('internal', 500));
  });

  app.setNotFoundHandler((req, reply) => sendProblem(req, reply, new AppError('route.not_found', 404)));
}
