import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import type { MembershipView, PersonDetail } from '../api/types.ts';
import { useCatalogueLabels } from './catalogue.ts';
import { useFormatDate } from './format.ts';
import { statusColor, useLabels } from './labels.ts';

interface Field {
  label: { id: string };
  value: ReactNode;
  sensitive?: boolean;
}

/**
 * A person's record. Fields are shown only when the server sent them: what the caller may not see
 * is simply absent, and sensitive data (religion, ethnicity) is marked as such.
 */
export function PersonProfile({ person, linkUnits = false }: { person: PersonDetail; linkUnits?: boolean }) {
  const formatDate = useFormatDate();
  const labels = useLabels();
  const fields: Field[] = [
    {
      label: { id: 'person.registeredUnit' },
      value: linkUnits ? (
        <UnitName id={person.registeredUnit.id} name={person.registeredUnit.name} link />
      ) : (
        person.registeredUnit.name
      ),
    },
    { label: { id: 'person.birthDate' }, value: formatDate(person.birthDate) },
    { label: { id: 'person.sex' }, value: labels.sex(person.sex) },
    {
      label: { id: 'person.phone' },
      value: person.phone && <Anchor href={`tel:${person.phone}`}>{person.phone}</Anchor>,
    },
    { label: { id: 'person.citizenId' }, value: person.citizenId },
    { label: { id: 'person.occupation' }, value: person.occupation },
    { label: { id: 'person.education' }, value: person.education },
    { label: { id: 'person.politicalTheory' }, value: person.politicalTheory },
    { label: { id: 'person.ethnicity' }, value: person.ethnicity, sensitive: true },
    { label: { id: 'person.religion' }, value: person.religion, sensitive: true },
  ];
  const shown = fields.filter((f) => f.value !== undefined && f.value !== null && f.value !== '');

  return (
    <Stack gap="lg">
      <Card withBorder padding="md" component="section" aria-labelledby="person-details">
        <Title order={2} size="h4" id="person-details" mb="sm">
          <FormattedMessage id="person.details" />
        </Title>
        {shown.length === 0 ? (
          <Text c="dimmed" size="sm">
            <FormattedMessage id="person.noDetails" />
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" component="dl" m={0}>
            {shown.map((field) => (
              <FieldRow key={field.label.id} field={field} />
            ))}
          </SimpleGrid>
        )}
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="person-memberships">
        <Title order={2} size="h4" id="person-memberships" mb="sm">
          <FormattedMessage id="person.memberships" />
        </Title>
        {person.memberships.length === 0 ? (
          <Text c="dimmed" size="sm">
            <FormattedMessage id="person.noMemberships" />
          </Text>
        ) : (
          <Stack gap="lg">
            {person.memberships.map((m) => (
              <MembershipCard key={m.id} membership={m} linkUnits={linkUnits} />
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}

function FieldRow({ field }: { field: Field }) {
  const intl = useIntl();
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={500}>
        <Group gap={4} component="span">
          <FormattedMessage id={field.label.id} />
          {field.sensitive && (
            <IconLock size={12} aria-label={intl.formatMessage({ id: 'person.sensitive' })} role="img">
              <title>{intl.formatMessage({ id: 'person.sensitive' })}</title>
            </IconLock>
          )}
        </Group>
      </Text>
      <Text component="dd" m={0}>
        {field.value}
      </Text>
    </div>
  );
}

function UnitName({ id, name, link }: { id?: string | number | null; name?: string | null; link: boolean }) {
  if (!name) return null;
  if (link && id != null)
    return (
      <Anchor component={Link} to={`/units/${id}`}>
        {name}
      </Anchor>
    );
  return <>{name}</>;
}

export function MembershipCard({
  membership: m,
  linkUnits,
}: {
  membership: MembershipView;
  linkUnits: boolean;
}) {
  const { familyLabel } = useCatalogueLabels();
  const labels = useLabels();
  const formatDate = useFormatDate();
  const events = [...(m.events ?? [])].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
  return (
    <div>
      <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
        <Text fw={600}>{familyLabel(m.family)}</Text>
        {m.status && (
          <Badge color={statusColor(m.status)} variant="light">
            {labels.status(m.status)}
          </Badge>
        )}
      </Group>
      <Stack gap={2} mb="sm">
        {m.unitName && (
          <Text size="sm">
            <FormattedMessage id="membership.unit" />:{' '}
            <UnitName id={m.unitId} name={m.unitName} link={linkUnits} />
          </Text>
        )}
        {m.admittedOn && (
          <Text size="sm">
            <FormattedMessage id="membership.admittedOn" />: {formatDate(m.admittedOn)}
          </Text>
        )}
        {m.recognizedOn && (
          <Text size="sm">
            <FormattedMessage id="membership.recognizedOn" />: {formatDate(m.recognizedOn)}
          </Text>
        )}
        {m.cardNumber && (
          <Text size="sm">
            <FormattedMessage id="membership.partyCardNumber" />: {m.cardNumber}
          </Text>
        )}
      </Stack>
      {events.length > 0 && (
        <Timeline active={events.length - 1} bulletSize={14} lineWidth={2} aria-label={familyLabel(m.family)}>
          {events.map((e, i) => (
            <Timeline.Item key={e.id ?? i} title={labels.event(e.kind)}>
              <Text size="xs" c="dimmed">
                <time dateTime={e.occurredOn}>{formatDate(e.occurredOn)}</time>
                {e.unitName ? ` · ${e.unitName}` : ''}
                {e.reason ? ` · ${labels.status(e.reason)}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </div>
  );
}
