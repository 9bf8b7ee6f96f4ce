import { Anchor, Group, Stack, Text } from '@mantine/core';
import { IconCalendarEvent, IconMapPin, IconVideo } from '@tabler/icons-react';
import { FormattedMessage } from 'react-intl';
import { useMeetingTime } from './format.ts';

/** When and where: date and time, the place, the link to join online. */
export function MeetingFacts({
  startsAt,
  endsAt,
  place,
  onlineUrl,
}: {
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  onlineUrl: string | null;
}) {
  const time = useMeetingTime();
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <IconCalendarEvent size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
        <Text size="sm" fw={600}>
          {time(startsAt, endsAt)}
        </Text>
      </Group>
      {place && (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconMapPin size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {place}
          </Text>
        </Group>
      )}
      {onlineUrl && /^https?:\/\//i.test(onlineUrl) && (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconVideo size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Anchor href={onlineUrl} target="_blank" rel="noopener noreferrer" size="sm">
            <FormattedMessage id="member.meeting.joinOnline" />
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}
