import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ErrorNotice, PageLoader } from '../../../app/status.tsx';
import { useFormatDate } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useMyTasks, useUpdateMyTask, type Task } from './api.ts';
import classes from './member.module.css';
import { TextArea } from './TextArea.tsx';

export function TasksPage() {
  const intl = useIntl();
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const tasks = useMyTasks(status);
  return (
    <>
      <PageHeader title={intl.formatMessage({ id: 'member.tasks.title' })} />
      <Group gap="xs" mb="md" role="group" aria-label={intl.formatMessage({ id: 'member.tasks.filter' })}>
        <Button
          variant={status === 'open' ? 'filled' : 'default'}
          aria-pressed={status === 'open'}
          onClick={() => setStatus('open')}
        >
          <FormattedMessage id="member.tasks.open" />
        </Button>
        <Button
          variant={status === 'done' ? 'filled' : 'default'}
          aria-pressed={status === 'done'}
          onClick={() => setStatus('done')}
        >
          <FormattedMessage id="member.tasks.done" />
        </Button>
      </Group>
      {!tasks.data ? (
        tasks.isError ? (
          <ErrorNotice error={tasks.error} onRetry={() => void tasks.refetch()} />
        ) : (
          <PageLoader />
        )
      ) : tasks.data.items.length === 0 ? (
        <Text c="dimmed">
          <FormattedMessage
            {...(status === 'open' ? { id: 'member.tasks.noneOpen' } : { id: 'member.tasks.noneDone' })}
          />
        </Text>
      ) : (
        <Stack gap="sm" maw={720}>
          {tasks.data.items.map((t) => (
            <TaskCard key={t.id} task={t} />
          ))}
        </Stack>
      )}
    </>
  );
}

function TaskCard({ task }: { task: Task }) {
  const intl = useIntl();
  const formatDate = useFormatDate();
  const update = useUpdateMyTask();
  const [report, setReport] = useState(task.report ?? '');
  const [editing, setEditing] = useState(false);
  const headingId = `task-${task.id}`;
  return (
    <Card
      withBorder
      component="article"
      aria-labelledby={headingId}
      style={task.overdue ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Title order={2} size="h5" id={headingId}>
            {task.title}
          </Title>
          <Text size="xs" c="dimmed">
            {task.unitName}
          </Text>
        </div>
        {task.overdue && (
          <Badge color="red" style={{ flexShrink: 0 }}>
            <FormattedMessage id="member.tasks.overdue" />
          </Badge>
        )}
        {task.status === 'done' && (
          <Badge color="green" variant="light" style={{ flexShrink: 0 }}>
            <FormattedMessage id="member.tasks.done" />
          </Badge>
        )}
      </Group>
      {task.dueOn && (
        <Text size="sm" c={task.overdue ? 'red.8' : undefined} fw={task.overdue ? 700 : 400} mt={4}>
          <FormattedMessage id="member.tasks.due" values={{ date: formatDate(task.dueOn) }} />
        </Text>
      )}
      {task.details && (
        <Text size="sm" mt="xs" className={classes.paragraph}>
          {task.details}
        </Text>
      )}
      {task.report && !editing && (
        <Text size="sm" mt="xs" c="dimmed" className={classes.paragraph}>
          <FormattedMessage id="member.tasks.yourReport" values={{ report: task.report }} />
        </Text>
      )}
      {task.policies.report && (
        <Stack gap="xs" mt="sm">
          {editing ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                update.mutate(
                  { id: task.id, body: { report: report.trim() || null } },
                  { onSuccess: () => setEditing(false) },
                );
              }}
            >
              <TextArea
                label={intl.formatMessage({ id: 'member.tasks.report' })}
                rows={3}
                maxLength={4000}
                value={report}
                onChange={setReport}
              />
              <Group gap="xs" mt="xs">
                <Button type="submit" size="xs" loading={update.isPending}>
                  <FormattedMessage id="member.tasks.saveReport" />
                </Button>
                <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                  <FormattedMessage id="common.cancel" />
                </Button>
              </Group>
            </form>
          ) : (
            <Group gap="xs">
              {task.status === 'open' && (
                <Button
                  size="xs"
                  leftSection={<IconCheck size={14} aria-hidden />}
                  loading={update.isPending}
                  onClick={() => update.mutate({ id: task.id, body: { status: 'done' } })}
                >
                  <FormattedMessage id="member.tasks.markDone" />
                </Button>
              )}
              {task.status === 'done' && (
                <Button
                  size="xs"
                  variant="default"
                  loading={update.isPending}
                  onClick={() => update.mutate({ id: task.id, body: { status: 'open' } })}
                >
                  <FormattedMessage id="member.tasks.reopen" />
                </Button>
              )}
              <Button size="xs" variant="light" onClick={() => setEditing(true)}>
                <FormattedMessage id="member.tasks.report" />
              </Button>
            </Group>
          )}
          {update.isError && <ErrorNotice error={update.error} />}
        </Stack>
      )}
    </Card>
  );
}
