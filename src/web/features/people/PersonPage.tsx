import { Alert, Anchor, Badge, Button } from '@mantine/core';
import { IconCheck, IconLock, IconPencil } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { LoadError, PageLoader } from '../../app/status.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PersonProfile } from '../../components/PersonProfile.tsx';
import { can, useSession } from '../session/session.ts';
import { usePerson } from './people.ts';

// The form (with the date field's calendar) loads when someone opens it.
const PersonEditForm = lazy(async () => ({ default: (await import('./PersonEditForm.tsx')).PersonEditForm }));

export function PersonPage() {
  const intl = useIntl();
  const personId = Number(useParams().personId);
  const person = usePerson(personId);
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  if (person.isPending) return <PageLoader />;
  if (person.isError) return <LoadError error={person.error} onRetry={() => void person.refetch()} />;
  const p = person.data;
  // The session's roles allow writing people somewhere, and the server says this person is among them.
  const mayEdit = can(session.data, 'person.write') && p.policies.update;
  return (
    <>
      <PageHeader
        title={p.fullName}
        above={
          <Anchor component={Link} to="/people" size="sm">
            ← {intl.formatMessage({ id: 'people.title' })}
          </Anchor>
        }
        subtitle={
          p.policies.readSensitive && (
            <Badge variant="light" color="yellow" leftSection={<IconLock size={12} aria-hidden />} mt={4}>
              <FormattedMessage id="person.sensitiveShown" />
            </Badge>
          )
        }
        actions={
          mayEdit && (
            <Button
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              <FormattedMessage id="person.edit.button" />
            </Button>
          )
        }
      />
      {saved && (
        <Alert
          color="green"
          variant="light"
          icon={<IconCheck aria-hidden />}
          role="status"
          mb="md"
          withCloseButton
          closeButtonLabel={intl.formatMessage({ id: 'common.close' })}
          onClose={() => setSaved(false)}
        >
          <FormattedMessage id="person.edit.saved" />
        </Alert>
      )}
      <PersonProfile person={p} linkUnits />
      {editing && (
        <Suspense fallback={<PageLoader />}>
          <PersonEditForm
            person={p}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setSaved(true);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
