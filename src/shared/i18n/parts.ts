/**
 * The web app's messages come in two parts per language: what the member's screens say (loaded at
 * start) and what only the committee console says (loaded with the first console screen), so that a
 * member's phone does not download the console's words. A message id belongs to the member part when
 * it starts with one of these prefixes; src/web/i18n/catalogue.test.ts checks that every id the
 * member's screens use is in it.
 */
export const MEMBER_MESSAGE_PREFIXES = [
  'a11y.',
  'account.',
  'common.',
  'date.',
  'error.',
  'event.',
  'export.',
  'handbook.',
  'language.',
  'me.',
  'member.',
  'membership.',
  'myCell.',
  'myOrganizations.',
  'nav.',
  'offline.',
  'pagination.',
  'person.',
  'role.',
  'settings.',
  'sex.',
  'signIn.',
  'status.',
  // meeting, document and task labels shared with the member's screens
  'manage.doc.kind.',
  'manage.kind.',
  'manage.status.',
  'manage.task.status.',
  'manage.vote.',
] as const;

export type MessagePart = 'member' | 'console';

export function messagePart(id: string): MessagePart {
  return MEMBER_MESSAGE_PREFIXES.some((p) => id.startsWith(p)) ? 'member' : 'console';
}

/** The messages of one part. */
export function pickPart(messages: Record<string, string>, part: MessagePart): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, text] of Object.entries(messages)) if (messagePart(id) === part) out[id] = text;
  return out;
}
