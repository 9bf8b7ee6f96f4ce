import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import { api } from '../../../api/client.ts';
import { ErrorNotice } from '../../../app/status.tsx';
import { useRefreshHandbook, type AgendaItem, type VoteChoice } from './api.ts';
import { CHOICE_CODES, useChoiceLabel } from './labels.ts';
import classes from './member.module.css';

/** The agenda, with the vote on each item that has one. */
export function Agenda({
  items,
  manage,
}: {
  items: AgendaItem[];
  manage?: (item: AgendaItem) => React.ReactNode;
}) {
  if (items.length === 0)
    return (
      <Text c="dimmed" size="sm">
        <FormattedMessage id="member.meeting.noAgenda" />
      </Text>
    );
  return (
    <Stack gap="md" component="ol" className={classes.list}>
      {items.map((item, i) => (
        <li key={item.id} aria-labelledby={`item-${item.id}`}>
          <Title order={3} size="h5" id={`item-${item.id}`}>
            {i + 1}. {item.title}
          </Title>
          {item.notes && (
            <Text size="sm" c="dimmed" className={classes.paragraph}>
              {item.notes}
            </Text>
          )}
          {item.vote !== 'none' && <Vote item={item} />}
          {manage?.(item)}
        </li>
      ))}
    </Stack>
  );
}

export function TallyLine({ item }: { item: AgendaItem }) {
  const choice = useChoiceLabel();
  if (!item.tally) return null;
  const tally = item.tally;
  return (
    <Text size="sm" fw={500}>
      {CHOICE_CODES.map((c) => `${choice(c)}: ${tally[c]}`).join(' · ')}
    </Text>
  );
}

function Vote({ item }: { item: AgendaItem }) {
  const intl = useIntl();
  const choice = useChoiceLabel();
  const refresh = useRefreshHandbook();
  const ballot = useMutation({
    mutationFn: (c: VoteChoice) =>
      api(`/agenda-items/${item.id}/ballots`, { method: 'POST', body: { choice: c } }),
    onSuccess: refresh,
  });
  const secret = item.vote === 'secret';
  const voted = item.myVote?.voted ?? false;
  return (
    <Stack gap={6} mt={6}>
      <Group gap="xs" wrap="wrap">
        <Badge
          variant="light"
          color={secret ? 'grape' : 'blue'}
          leftSection={secret ? <IconLock size={12} aria-hidden /> : null}
        >
          <FormattedMessage {...(secret ? { id: 'member.vote.secret' } : { id: 'member.vote.openBallot' })} />
        </Badge>
        {item.voteState === 'open' && (
          <Badge variant="filled" color="green">
            <FormattedMessage id="member.vote.isOpen" />
          </Badge>
        )}
        {item.voteState === 'closed' && (
          <Badge variant="light" color="gray">
            <FormattedMessage id="member.vote.isClosed" />
          </Badge>
        )}
        {item.voteState !== 'pending' && (
          <Text size="xs" c="dimmed">
            <FormattedMessage id="member.vote.ballots" values={{ count: item.ballots }} />
          </Text>
        )}
      </Group>
      {secret && item.voteState === 'open' && (
        <Text size="xs" c="dimmed">
          <FormattedMessage id="member.vote.secretNote" />
        </Text>
      )}
      {voted && (
        <Text size="sm" fw={600}>
          {item.myVote?.choice ? (
            <FormattedMessage id="member.vote.votedChoice" values={{ choice: choice(item.myVote.choice) }} />
          ) : (
            <FormattedMessage id="member.vote.voted" />
          )}
        </Text>
      )}
      {item.voteState === 'open' && item.mayVote && !voted && (
        <Group
          gap="xs"
          role="group"
          aria-label={intl.formatMessage({ id: 'member.vote.choose' }, { title: item.title })}
        >
          {CHOICE_CODES.map((c) => (
            <Button
              key={c}
              variant={c === 'for' ? 'filled' : 'default'}
              color={c === 'against' ? 'red' : undefined}
              loading={ballot.isPending && ballot.variables === c}
              disabled={ballot.isPending}
              onClick={() => ballot.mutate(c)}
            >
              {choice(c)}
            </Button>
          ))}
        </Group>
      )}
      {item.voteState === 'closed' && <TallyLine item={item} />}
      {ballot.isError && <ErrorNotice error={ballot.error} />}
    </Stack>
  );
}
