import { Anchor, Badge } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from 'react-router';
import { LoadError, PageLoader } from '../../app/status.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PersonProfile } from '../../components/PersonProfile.tsx';
import { usePerson } from './people.ts';

export function PersonPage() {
  const intl = useIntl();
  const personId = Number(useParams().personId);
  const person = usePerson(personId);
  if (person.isPending) return <PageLoader />;
  if (person.isError) return <LoadError error={person.error} onRetry={() => void person.refetch()} />;
  const p = person.data;
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
      />
      <PersonProfile person={p} linkUnits />
    </>
  );
}
