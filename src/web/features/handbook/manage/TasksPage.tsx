import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconDots, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams, useSearchParams } from 'react-router';
import { ErrorNotice, LoadError, PageLoader } from '../../../app/status.tsx';
import { DateField } from '../../../components/DateField.tsx';
import { useFormatDate } from '../../../components/format.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Pager } from '../../../components/Pager.tsx';
import { ScrollTable } from '../../../components/ScrollTable.tsx';
import { can, useSession } from '../../session/session.ts';
import { useCreateTask, useUnitTasks, useUpdateTask } from './api.ts';
import { localToday } from './datetime.ts';
import { closeLabel, TASK_STATUS, useHandbookLabels, useOptions } from './labels.ts';
import { MemberPicker } from './MemberPicker.tsx';
import type { Task } from './types.ts';
import { UnitBack, useUnitName } from './UnitBack.tsx';

const PAGE_SIZE = 50;

function taskColor(t: Task): string {
  if (t.overdue) return 'red';
  return t.status === 'done' ? 'green' : t.status === 'cancelled' ? 'gray' : 'blue';
}

/** The task's state in words, with "overdue" spelled out rather than shown by colour alone. */
function TaskBadge({ t }: { t: Task }) {
  const labels = useHandbookLabels();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={taskColor(t)} variant="light">
        {labels.task(t.status)}
      </Badge>
      {t.overdue && (
        <Badge color="red" variant="outline" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
          <FormattedMessage id="manage.task.overdue" />
        </Badge>
      )}
    </Group>
  );
}

function TaskModal({ unitId, task, onClose }: { unitId: number; task?: Task; onClose: () => void }) {
  const intl = useIntl();
  const create = useCreateTask(unitId);
  const update = useUpdateTask();
  const [assignee, setAssignee] = useState<number | null>(task?.assigneePersonId ?? null);
  const [title, setTitle] = useState(task?.title ?? '');
  const [details, setDetails] = useState(task?.details ?? '');
  const [dueOn, setDueOn] = useState<string | null>(task?.dueOn ?? null);
  const error = create.error ?? update.error;
  const pending = create.isPending || update.isPending;
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={closeLabel(intl)}
      title={
        task
          ? intl.formatMessage({ id: 'manage.task.edit' })
          : intl.formatMessage({ id: 'manage.task.assign' })
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (task)
            update.mutate(
              { id: task.id, body: { title: title.trim(), details: details.trim() || null, dueOn } },
              { onSuccess: onClose },
            );
          else if (assignee)
            create.mutate(
              {
                assigneePersonId: assignee,
                title: title.trim(),
                ...(details.trim() ? { details: details.trim() } : {}),
                ...(dueOn ? { dueOn } : {}),
              },
              { onSuccess: onClose },
            );
        }}
      >
        <Stack>
          {task ? (
            <Text size="sm">
              <FormattedMessage id="manage.task.assignee" />: {task.assigneeName}
            </Text>
          ) : (
            <MemberPicker
              unitId={unitId}
              label={intl.formatMessage({ id: 'manage.task.assignee' })}
              required
              value={assignee}
              onChange={setAssignee}
            />
          )}
          <TextInput
            label={intl.formatMessage({ id: 'manage.task.title' })}
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Textarea
            label={intl.formatMessage({ id: 'manage.task.details' })}
            autosize
            minRows={3}
            maxLength={4000}
            value={details}
            onChange={(e) => setDetails(e.currentTarget.value)}
          />
          <DateField
            label={intl.formatMessage({ id: 'manage.task.dueOn' })}
            clearable
            min={task ? undefined : localToday()}
            value={dueOn}
            onChange={setDueOn}
          />
          {error && <ErrorNotice error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              <FormattedMessage id="common.cancel" />
            </Button>
            <Button type="submit" loading={pending} disabled={!title.trim() || (!task && !assignee)}>
              <FormattedMessage id="manage.form.save" />
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CancelTaskModal({ task, onClose }: { task: Task; onClose: () => void }) {
  const intl = useIntl();
  const update = useUpdateTask();
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={closeLabel(intl)}
      title={intl.formatMessage({ id: 'manage.task.cancelTitle' })}
    >
      <Stack>
        <Text size="sm">
          <FormattedMessage
            id="manage.task.cancelBody"
            values={{ title: task.title, name: task.assigneeName }}
          />
        </Text>
        {update.error && <ErrorNotice error={update.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            <FormattedMessage id="common.close" />
          </Button>
          <Button
            color="red"
            loading={update.isPending}
            onClick={() =>
              update.mutate({ id: task.id, body: { status: 'cancelled' } }, { onSuccess: onClose })
            }
          >
            <FormattedMessage id="manage.task.cancel" />
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function TaskMenu({ task, onEdit, onCancel }: { task: Task; onEdit: () => void; onCancel: () => void }) {
  const intl = useIntl();
  const reopen = useUpdateTask();
  if (!task.policies.manage) return null;
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button
          variant="subtle"
          size="compact-sm"
          loading={reopen.isPending}
          aria-label={intl.formatMessage({ id: 'manage.task.actions' }, { title: task.title })}
        >
          <IconDots size={16} aria-hidden />
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {task.status === 'open' && (
          <>
            <Menu.Item onClick={onEdit}>
              <FormattedMessage id="manage.task.edit" />
            </Menu.Item>
            <Menu.Item color="red" onClick={onCancel}>
              <FormattedMessage id="manage.task.cancel" />
            </Menu.Item>
          </>
        )}
        {task.status !== 'open' && (
          <Menu.Item onClick={() => reopen.mutate({ id: task.id, body: { status: 'open' } })}>
            <FormattedMessage id="manage.task.reopen" />
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** The unit's tasks: who does what by when, what they reported; managers assign, edit and cancel. */
export function TasksPage() {
  const intl = useIntl();
  const unitId = Number(useParams().unitId);
  const session = useSession();
  const formatDate = useFormatDate();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') || undefined;
  const overdue = params.get('overdue') === 'true';
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useUnitTasks(unitId, {
    status,
    overdue: overdue || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const unitName = useUnitName(unitId);
  const statuses = useOptions(TASK_STATUS);
  const [dialog, setDialog] = useState<{ kind: 'new' } | { kind: 'edit' | 'cancel'; task: Task } | null>(
    null,
  );
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const title = intl.formatMessage({ id: 'manage.tasks.title' });
  const menu = (t: Task) => (
    <TaskMenu
      task={t}
      onEdit={() => setDialog({ kind: 'edit', task: t })}
      onCancel={() => setDialog({ kind: 'cancel', task: t })}
    />
  );
  const anyManage = list.data?.items.some((t) => t.policies.manage) ?? false;
  return (
    <>
      <PageHeader
        title={unitName ? `${title} · ${unitName}` : title}
        above={<UnitBack unitId={unitId} />}
        actions={
          can(session.data, 'meeting.manage') && (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setDialog({ kind: 'new' })}
            >
              <FormattedMessage id="manage.task.assign" />
            </Button>
          )
        }
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <Select
          label={intl.formatMessage({ id: 'manage.task.status' })}
          w={200}
          clearable
          placeholder={intl.formatMessage({ id: 'manage.allStatuses' })}
          value={status ?? null}
          onChange={(v) => set('status', v)}
          data={statuses}
        />
        <Checkbox
          mb={8}
          label={intl.formatMessage({ id: 'manage.task.onlyOverdue' })}
          checked={overdue}
          onChange={(e) => set('overdue', e.currentTarget.checked ? 'true' : null)}
        />
      </Group>
      {list.isPending && <PageLoader />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <>
          <Box visibleFrom="sm">
            <ScrollTable minWidth={760}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      <FormattedMessage id="manage.task.title" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="manage.task.assignee" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="manage.task.dueOn" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="manage.task.status" />
                    </Table.Th>
                    <Table.Th>
                      <FormattedMessage id="manage.task.report" />
                    </Table.Th>
                    {anyManage && (
                      <Table.Th>
                        <VisuallyHidden>
                          <FormattedMessage id="manage.actions" />
                        </VisuallyHidden>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {t.title}
                        </Text>
                        {t.details && (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {t.details}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{t.assigneeName}</Table.Td>
                      <Table.Td>{t.dueOn ? formatDate(t.dueOn) : '—'}</Table.Td>
                      <Table.Td>
                        <TaskBadge t={t} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={3}>
                          {t.report ?? '—'}
                        </Text>
                      </Table.Td>
                      {anyManage && <Table.Td>{menu(t)}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </Box>
          <Stack gap="xs" hiddenFrom="sm">
            {list.data.items.map((t) => (
              <Paper key={t.id} withBorder p="sm" radius="md">
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500}>
                      {t.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t.assigneeName}
                      {t.dueOn && (
                        <>
                          {' · '}
                          <FormattedMessage id="manage.task.due" values={{ date: formatDate(t.dueOn) }} />
                        </>
                      )}
                    </Text>
                  </div>
                  {menu(t)}
                </Group>
                <Box mt={6}>
                  <TaskBadge t={t} />
                </Box>
                {t.report && (
                  <Text size="sm" mt={6}>
                    {t.report}
                  </Text>
                )}
              </Paper>
            ))}
          </Stack>
          {list.data.items.length === 0 && (
            <Alert color="gray" mt="md">
              <FormattedMessage id="manage.tasks.none" />
            </Alert>
          )}
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onChange={(p) => set('page', String(p))}
          />
        </>
      )}
      {dialog?.kind === 'new' && <TaskModal unitId={unitId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && (
        <TaskModal unitId={unitId} task={dialog.task} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'cancel' && <CancelTaskModal task={dialog.task} onClose={() => setDialog(null)} />}
    </>
  );
}
