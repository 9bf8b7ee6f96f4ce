import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError, NetworkError, api } from '../../api/client.ts';
import type { PersonDetail } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { todayIso } from '../../components/format.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { peopleKeys } from './people.ts';

/** The person's own fields the form edits, as the PATCH body names them. */
export type EditableField =
  | 'fullName'
  | 'birthDate'
  | 'sex'
  | 'citizenId'
  | 'phone'
  | 'occupation'
  | 'education'
  | 'politicalTheory'
  | 'ethnicity'
  | 'religion';

type Values = Record<EditableField, string>;
type FieldErrors = Partial<Record<EditableField, string>>;

/** Longest text each field takes (src/shared/contracts/people.ts). */
const MAX_LENGTH: Partial<Record<EditableField, number>> = {
  fullName: LIMITS.nameMax,
  citizenId: 12,
  phone: 20,
  occupation: 120,
  education: 120,
  politicalTheory: 120,
  ethnicity: 60,
  religion: 60,
};

const PHONE = /^\+?[0-9 .-]{6,20}$/;

/** Text fields in the order the form shows them; ethnicity and religion only to who may read them. */
const TEXT_FIELDS: { field: EditableField; sensitive?: boolean }[] = [
  { field: 'citizenId' },
  { field: 'phone' },
  { field: 'occupation' },
  { field: 'education' },
  { field: 'politicalTheory' },
  { field: 'ethnicity', sensitive: true },
  { field: 'religion', sensitive: true },
];

const LABELS: Record<EditableField, { id: string }> = {
  fullName: { id: 'person.edit.fullName' },
  birthDate: { id: 'person.birthDate' },
  sex: { id: 'person.sex' },
  citizenId: { id: 'person.citizenId' },
  phone: { id: 'person.phone' },
  occupation: { id: 'person.occupation' },
  education: { id: 'person.education' },
  politicalTheory: { id: 'person.politicalTheory' },
  ethnicity: { id: 'person.ethnicity' },
  religion: { id: 'person.religion' },
};

/** The fields the server sent (what the caller may read); only those are offered for editing. */
export function editableFields(person: PersonDetail): EditableField[] {
  const fields: EditableField[] = ['fullName', 'birthDate', 'sex'];
  for (const { field, sensitive } of TEXT_FIELDS) {
    if (sensitive && !person.policies.readSensitive) continue;
    if (person[field] !== undefined) fields.push(field);
  }
  return fields;
}

function initialValues(person: PersonDetail): Values {
  const text = (v: string | null | undefined) => v ?? '';
  return {
    fullName: person.fullName,
    birthDate: text(person.birthDate),
    sex: text(person.sex),
    citizenId: text(person.citizenId),
    phone: text(person.phone),
    occupation: text(person.occupation),
    education: text(person.education),
    politicalTheory: text(person.politicalTheory),
    ethnicity: text(person.ethnicity),
    religion: text(person.religion),
  };
}

/** The changed fields only; an emptied field is sent as null (cleared). */
export function patchBody(
  fields: EditableField[],
  before: Values,
  after: Values,
): Partial<Record<EditableField, string | null>> {
  const body: Partial<Record<EditableField, string | null>> = {};
  for (const field of fields) {
    const next = after[field].trim();
    if (next === before[field].trim()) continue;
    body[field] = next === '' && field !== 'fullName' ? null : next;
  }
  return body;
}

/** Which form field a server problem is about: a field error's path (`body.phone`), or its code. */
export function fieldOfProblem(path: string | undefined, code: string): EditableField | undefined {
  const fromPath = path?.replace(/^body\./, '').split('.')[0];
  if (fromPath && fromPath in LABELS) return fromPath as EditableField;
  if (code.startsWith('citizen_id.')) return 'citizenId';
  return undefined;
}

function usePersonUpdate(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Record<EditableField, string | null>>) =>
      api<PersonDetail>(`/people/${id}`, { method: 'PATCH', body }),
    onSuccess: (person) => {
      client.setQueryData(peopleKeys.detail(id), person);
      void client.invalidateQueries({ queryKey: [...peopleKeys.all, 'list'] });
    },
  });
}

/**
 * The person's own fields in a dialog. Checks what it can before sending (a name, a phone number's
 * shape, a real date); the server's problems come back in the user's language and are shown next
 * to the field they are about, or above the form when they are about no one field.
 */
export function PersonEditForm({
  person,
  onClose,
  onSaved,
}: {
  person: PersonDetail;
  onClose: () => void;
  onSaved: () => void;
}) {
  const intl = useIntl();
  const fields = editableFields(person);
  const [before] = useState(() => initialValues(person));
  const [values, setValues] = useState(before);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<{ title: string; detail?: string; items: string[] } | null>(null);
  const update = usePersonUpdate(person.id);
  const today = todayIso();

  const idOf = (field: EditableField) => `person-edit-${field}`;
  /** Shows the errors and takes the user to the first field that has one. */
  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    const first = fields.find((f) => found[f]);
    if (first) requestAnimationFrame(() => document.getElementById(idOf(first))?.focus());
  };

  const set = (field: EditableField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const localCheck = (): FieldErrors => {
    const found: FieldErrors = {};
    if (!values.fullName.trim()) found.fullName = intl.formatMessage({ id: 'person.edit.required' });
    const phone = values.phone.trim();
    if (fields.includes('phone') && phone && !PHONE.test(phone))
      found.phone = intl.formatMessage({ id: 'person.edit.phoneInvalid' });
    const citizenId = values.citizenId.trim();
    if (fields.includes('citizenId') && citizenId && !/^\d{12}$/.test(citizenId))
      found.citizenId = intl.formatMessage({ id: 'person.edit.citizenIdFormat' });
    return found;
  };

  const showServerProblem = (error: unknown) => {
    if (error instanceof NetworkError) {
      setProblem({ title: intl.formatMessage({ id: 'person.edit.offline' }), items: [] });
      return;
    }
    if (!(error instanceof ApiError)) {
      setProblem({ title: intl.formatMessage({ id: 'error.unexpected' }), items: [] });
      return;
    }
    const byField: FieldErrors = {};
    const unplaced: string[] = [];
    for (const item of error.errors) {
      const field = fieldOfProblem(item.path, error.code);
      // The server names the field; the wording of a schema check is its own, so say it in ours.
      if (field && fields.includes(field)) byField[field] = intl.formatMessage({ id: 'person.edit.invalid' });
      else unplaced.push(item.message);
    }
    const codeField = error.errors.length === 0 ? fieldOfProblem(undefined, error.code) : undefined;
    if (codeField && fields.includes(codeField)) byField[codeField] = error.detail ?? error.title;
    showErrors(byField);
    const placed = Object.keys(byField).length > 0;
    setProblem({
      title: placed ? intl.formatMessage({ id: 'person.edit.failed' }) : error.title,
      detail: placed || error.detail === error.title ? undefined : error.detail,
      items: unplaced,
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found = localCheck();
    showErrors(found);
    if (Object.keys(found).length > 0) {
      setProblem({ title: intl.formatMessage({ id: 'person.edit.failed' }), items: [] });
      return;
    }
    const body = patchBody(fields, before, values);
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    update.mutate(body, {
      onSuccess: () => onSaved(),
      onError: showServerProblem,
    });
  };

  const errorOf = (field: EditableField) => errors[field];

  return (
    <Modal.Root opened onClose={onClose} size="lg">
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title>
            <Title order={2} size="h4" component="span">
              <FormattedMessage id="person.edit.title" values={{ name: person.fullName }} />
            </Title>
          </Modal.Title>
          <Modal.CloseButton aria-label={intl.formatMessage({ id: 'common.close' })} />
        </Modal.Header>
        <Modal.Body>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              {problem && (
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertTriangle aria-hidden />}
                  title={problem.title}
                  role="alert"
                >
                  {problem.detail}
                  {problem.items.length > 0 && (
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {problem.items.map((item, i) => (
                        <li key={i}>{item}</li>
                      ))}
                    </ul>
                  )}
                </Alert>
              )}
              <TextInput
                id={idOf('fullName')}
                label={intl.formatMessage(LABELS.fullName)}
                value={values.fullName}
                onChange={(e) => set('fullName', e.currentTarget.value)}
                maxLength={MAX_LENGTH.fullName}
                required
                error={errorOf('fullName')}
                data-autofocus
              />
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <DateField
                  id={idOf('birthDate')}
                  label={intl.formatMessage(LABELS.birthDate)}
                  value={values.birthDate}
                  onChange={(v) => set('birthDate', v ?? '')}
                  max={today}
                  min="1900-01-01"
                  clearable
                  error={errorOf('birthDate')}
                />
                <NativeSelect
                  id={idOf('sex')}
                  label={intl.formatMessage(LABELS.sex)}
                  value={values.sex}
                  onChange={(e) => set('sex', e.currentTarget.value)}
                  error={errorOf('sex')}
                  data={[
                    { value: '', label: intl.formatMessage({ id: 'person.edit.sexUnset' }) },
                    { value: 'male', label: intl.formatMessage({ id: 'sex.male' }) },
                    { value: 'female', label: intl.formatMessage({ id: 'sex.female' }) },
                  ]}
                />
                {TEXT_FIELDS.filter(({ field }) => fields.includes(field)).map(({ field }) => (
                  <TextInput
                    key={field}
                    id={idOf(field)}
                    label={intl.formatMessage(LABELS[field])}
                    value={values[field]}
                    onChange={(e) => set(field, e.currentTarget.value)}
                    maxLength={MAX_LENGTH[field]}
                    error={errorOf(field)}
                    {...(field === 'phone' ? { type: 'tel', autoComplete: 'off' } : {})}
                    {...(field === 'citizenId' ? { inputMode: 'numeric' as const } : {})}
                  />
                ))}
              </SimpleGrid>
              <Group justify="flex-end" mt="sm">
                <Button variant="default" onClick={onClose} disabled={update.isPending}>
                  <FormattedMessage id="common.cancel" />
                </Button>
                <Button type="submit" loading={update.isPending}>
                  <FormattedMessage id="person.edit.save" />
                </Button>
              </Group>
            </Stack>
          </form>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
