import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api } from '../../api/client.ts';
import type { RestructureRequest, RestructureResult, UnitDetail } from '../../api/types.ts';
import { ErrorNotice } from '../../app/status.tsx';
import { useCatalogueLabels } from '../../components/catalogue.ts';
import { todayIso } from '../../components/format.ts';
import { unitKeys, useChildren } from '../units/units.ts';
import { UnitPicker } from './UnitPicker.tsx';

export type RestructureKind = 'move' | 'merge' | 'split' | 'dissolve_level' | 'close';

const TITLE: Record<RestructureKind, { id: string }> = {
  move: { id: 'restructure.move' },
  merge: { id: 'restructure.merge' },
  split: { id: 'restructure.split' },
  dissolve_level: { id: 'restructure.dissolve_level' },
  close: { id: 'restructure.close' },
};

const EXPLAIN: Record<RestructureKind, { id: string }> = {
  move: { id: 'restructure.move.explain' },
  merge: { id: 'restructure.merge.explain' },
  split: { id: 'restructure.split.explain' },
  dissolve_level: { id: 'restructure.dissolve_level.explain' },
  close: { id: 'restructure.close.explain' },
};

const CHANGE: Record<string, { id: string }> = {
  established: { id: 'change.established' },
  renamed: { id: 'change.renamed' },
  reclassified: { id: 'change.reclassified' },
  attached: { id: 'change.attached' },
  moved: { id: 'change.moved' },
  closed: { id: 'change.closed' },
};

interface Part {
  name: string;
  unitKind: string;
}

/**
 * One restructure operation: the user fills the form, previews what would change (a dry run that
 * writes nothing), then confirms. Editing the form after a preview asks for a new preview.
 */
export function RestructureDialog({
  kind,
  unit,
  onClose,
}: {
  kind: RestructureKind;
  unit: UnitDetail;
  onClose: () => void;
}) {
  const intl = useIntl();
  const client = useQueryClient();
  const { catalogue, kindLabel } = useCatalogueLabels();
  const [effectiveOn, setEffectiveOn] = useState(todayIso());
  const [decisionRef, setDecisionRef] = useState('');
  const [targetId, setTargetId] = useState<number | null>(null);
  const [parts, setParts] = useState<Part[]>([
    { name: '', unitKind: unit.kind },
    { name: '', unitKind: unit.kind },
  ]);
  const [assignment, setAssignment] = useState<Record<number, number>>({});
  const [preview, setPreview] = useState<{ request: string; result: RestructureResult } | null>(null);
  const children = useChildren(unit.id, kind === 'split' && unit.childCount > 0);
  const childItems = children.data?.pages.flatMap((p) => p.items) ?? [];
  const kindsOfFamily = (catalogue?.unitKinds ?? []).filter((k) => k.family === unit.family && k.active);

  const build = (): RestructureRequest | null => {
    const common = { effectiveOn, ...(decisionRef.trim() ? { decisionRef: decisionRef.trim() } : {}) };
    switch (kind) {
      case 'move':
        return targetId === null ? null : { kind, ...common, unitId: unit.id, newParentId: targetId };
      case 'merge':
        return targetId === null ? null : { kind, ...common, sourceIds: [unit.id], targetId };
      case 'split':
        if (parts.some((p) => !p.name.trim())) return null;
        return {
          kind,
          ...common,
          unitId: unit.id,
          parts: parts.map((p, i) => ({
            name: p.name.trim(),
            unitKind: p.unitKind,
            childIds: childItems.filter((c) => (assignment[c.id] ?? 0) === i).map((c) => c.id),
            membershipIds: [],
          })),
        };
      case 'dissolve_level':
      case 'close':
        return { kind, ...common, unitId: unit.id };
    }
  };

  const request = build();
  const requestKey = request ? JSON.stringify(request) : '';
  const previewIsCurrent = preview !== null && preview.request === requestKey;

  const run = useMutation({
    mutationFn: ({ body, dryRun }: { body: RestructureRequest; dryRun: boolean }) =>
      api<RestructureResult>('/restructures', {
        method: 'POST',
        body,
        query: { dryRun: dryRun ? 'true' : 'false' },
      }),
    onSuccess: (result, { dryRun }) => {
      if (dryRun) setPreview({ request: requestKey, result });
      else void client.invalidateQueries({ queryKey: unitKeys.all });
    },
  });
  const applied = run.data?.applied === true;

  return (
    // The compound form, so the header is not announced as a second page banner.
    <Modal.Root opened onClose={onClose} size="lg">
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title>
            <Title order={2} size="h4" component="span">
              {intl.formatMessage(TITLE[kind])}: {unit.name}
            </Title>
          </Modal.Title>
          <Modal.CloseButton aria-label={intl.formatMessage({ id: 'common.close' })} />
        </Modal.Header>
        <Modal.Body>
          {applied ? (
            <Stack>
              <Alert color="green" icon={<IconCheck aria-hidden />} role="status">
                <FormattedMessage id="restructure.done" />
              </Alert>
              <Group justify="flex-end">
                <Button onClick={onClose}>
                  <FormattedMessage id="common.close" />
                </Button>
              </Group>
            </Stack>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (request) run.mutate({ body: request, dryRun: !previewIsCurrent });
              }}
            >
              <Stack>
                <Text size="sm">
                  <FormattedMessage id={EXPLAIN[kind].id} />
                </Text>
                {kind === 'move' && (
                  <UnitPicker
                    label={intl.formatMessage({ id: 'restructure.newParent' })}
                    value={targetId}
                    onChange={setTargetId}
                    exclude={[unit.id]}
                    required
                  />
                )}
                {kind === 'merge' && (
                  <UnitPicker
                    label={intl.formatMessage({ id: 'restructure.mergeTarget' })}
                    value={targetId}
                    onChange={setTargetId}
                    exclude={[unit.id]}
                    required
                  />
                )}
                {kind === 'split' && (
                  <Stack gap="xs">
                    {parts.map((part, i) => (
                      <Group key={i} align="flex-end" wrap="wrap" gap="xs">
                        <TextInput
                          style={{ flex: '1 1 200px' }}
                          required
                          label={intl.formatMessage({ id: 'restructure.partName' }, { n: i + 1 })}
                          value={part.name}
                          onChange={(e) => {
                            const name = e.currentTarget.value;
                            setParts((ps) => ps.map((p, j) => (j === i ? { ...p, name } : p)));
                          }}
                        />
                        <NativeSelect
                          style={{ flex: '0 1 220px' }}
                          label={intl.formatMessage({ id: 'restructure.partKind' }, { n: i + 1 })}
                          value={part.unitKind}
                          data={kindsOfFamily.map((k) => ({ value: k.code, label: kindLabel(k.code) }))}
                          onChange={(e) => {
                            const unitKind = e.currentTarget.value;
                            setParts((ps) => ps.map((p, j) => (j === i ? { ...p, unitKind } : p)));
                          }}
                        />
                        {parts.length > 2 && (
                          <Button
                            variant="subtle"
                            color="red"
                            aria-label={intl.formatMessage({ id: 'restructure.removePart' }, { n: i + 1 })}
                            onClick={() => setParts((ps) => ps.filter((_, j) => j !== i))}
                          >
                            <IconTrash size={16} aria-hidden />
                          </Button>
                        )}
                      </Group>
                    ))}
                    <div>
                      <Button
                        variant="default"
                        size="xs"
                        leftSection={<IconPlus size={14} aria-hidden />}
                        onClick={() => setParts((ps) => [...ps, { name: '', unitKind: unit.kind }])}
                        disabled={parts.length >= 20}
                      >
                        <FormattedMessage id="restructure.addPart" />
                      </Button>
                    </div>
                    {childItems.length > 0 && (
                      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                        <legend>
                          <Text size="sm" fw={600}>
                            <FormattedMessage id="restructure.assignChildren" />
                          </Text>
                        </legend>
                        <Stack gap={4} mt={4}>
                          {childItems.map((c) => (
                            <NativeSelect
                              key={c.id}
                              label={c.name}
                              size="xs"
                              value={String(assignment[c.id] ?? 0)}
                              data={parts.map((p, i) => ({
                                value: String(i),
                                label:
                                  p.name.trim() ||
                                  intl.formatMessage({ id: 'restructure.partN' }, { n: i + 1 }),
                              }))}
                              onChange={(e) => {
                                const to = Number(e.currentTarget.value);
                                setAssignment((a) => ({ ...a, [c.id]: to }));
                              }}
                            />
                          ))}
                        </Stack>
                      </fieldset>
                    )}
                  </Stack>
                )}
                <Group grow align="flex-start" wrap="wrap">
                  <TextInput
                    type="date"
                    required
                    label={intl.formatMessage({ id: 'restructure.effectiveOn' })}
                    value={effectiveOn}
                    max={todayIso()}
                    onChange={(e) => setEffectiveOn(e.currentTarget.value)}
                  />
                  <TextInput
                    label={intl.formatMessage({ id: 'restructure.decisionRef' })}
                    value={decisionRef}
                    maxLength={200}
                    onChange={(e) => setDecisionRef(e.currentTarget.value)}
                  />
                </Group>

                {run.isError && <ErrorNotice error={run.error} />}

                {previewIsCurrent && preview && (
                  <section aria-labelledby="restructure-preview" aria-live="polite">
                    <Title order={3} size="h5" id="restructure-preview" mb="xs">
                      <FormattedMessage id="restructure.preview" />
                    </Title>
                    {preview.result.changes.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        <FormattedMessage id="restructure.noChanges" />
                      </Text>
                    ) : (
                      <Table striped withTableBorder>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>
                              <FormattedMessage id="units.name" />
                            </Table.Th>
                            <Table.Th>
                              <FormattedMessage id="restructure.change" />
                            </Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {preview.result.changes.map((c, i) => (
                            <Table.Tr key={i}>
                              <Table.Td>{c.name}</Table.Td>
                              <Table.Td>
                                {CHANGE[c.change] ? intl.formatMessage(CHANGE[c.change]!) : c.change}
                                {c.from || c.to ? ` (${c.from ?? '–'} → ${c.to ?? '–'})` : ''}
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    )}
                    <Text size="sm" mt="xs">
                      <FormattedMessage
                        id="restructure.membershipsMoved"
                        values={{ count: preview.result.membershipsMoved }}
                      />
                    </Text>
                  </section>
                )}

                <Group justify="flex-end">
                  <Button variant="default" onClick={onClose}>
                    <FormattedMessage id="common.cancel" />
                  </Button>
                  {previewIsCurrent ? (
                    <Button type="submit" color="red" loading={run.isPending}>
                      <FormattedMessage id="restructure.confirm" />
                    </Button>
                  ) : (
                    <Button type="submit" loading={run.isPending} disabled={!request}>
                      <FormattedMessage id="restructure.previewButton" />
                    </Button>
                  )}
                </Group>
              </Stack>
            </form>
          )}
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
