import { Alert, Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError, NetworkError } from '../../../api/client.ts';
import {
  PushDenied,
  currentPushSubscription,
  pushSupported,
  subscribePush,
  unsubscribePush,
} from '../../../app/offline/pushSubscription.ts';
import { ErrorNotice, PageLoader } from '../../../app/status.tsx';
import { useNotificationSettings, useSaveNotificationSettings, type NotificationSettings } from './api.ts';

const LEAD_CHOICES = [10080, 4320, 1440, 120, 60, 30];
const LEAD_MAX = 5;

function useLeadLabel() {
  const intl = useIntl();
  return (minutes: number) =>
    minutes % 1440 === 0
      ? intl.formatMessage({ id: 'member.settings.leadDays' }, { n: minutes / 1440 })
      : minutes % 60 === 0
        ? intl.formatMessage({ id: 'member.settings.leadHours' }, { n: minutes / 60 })
        : intl.formatMessage({ id: 'member.settings.leadMinutes' }, { n: minutes });
}

/** Settings: how the member hears about meetings, documents and tasks. */
export function NotificationSettingsCard() {
  const settings = useNotificationSettings();
  return (
    <Card withBorder component="section" aria-labelledby="settings-notifications">
      <Title order={2} size="h4" id="settings-notifications" mb="sm">
        <FormattedMessage id="member.settings.title" />
      </Title>
      {settings.data ? (
        <SettingsForm initial={settings.data} />
      ) : settings.isError ? (
        <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <PageLoader />
      )}
      <DevicePush />
    </Card>
  );
}

function SettingsForm({ initial }: { initial: NotificationSettings }) {
  const intl = useIntl();
  const save = useSaveNotificationSettings();
  const leadLabel = useLeadLabel();
  const [email, setEmail] = useState(initial.email ?? '');
  const [emailEnabled, setEmailEnabled] = useState(initial.emailEnabled);
  const [pushEnabled, setPushEnabled] = useState(initial.pushEnabled);
  const [dailyDigest, setDailyDigest] = useState(initial.dailyDigest);
  const [lead, setLead] = useState<string[]>(initial.leadMinutes.map(String));
  const choices = [...new Set([...LEAD_CHOICES, ...initial.leadMinutes])].sort((a, b) => b - a);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          email: email.trim() === '' ? null : email.trim(),
          emailEnabled,
          pushEnabled,
          dailyDigest,
          leadMinutes: lead.map(Number).sort((a, b) => b - a),
        });
      }}
    >
      <Stack gap="sm">
        <Checkbox
          label={intl.formatMessage({ id: 'member.settings.push' })}
          checked={pushEnabled}
          onChange={(e) => setPushEnabled(e.currentTarget.checked)}
        />
        <TextInput
          type="email"
          autoComplete="email"
          label={intl.formatMessage({ id: 'member.settings.email' })}
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <Checkbox
          label={intl.formatMessage({ id: 'member.settings.emailEnabled' })}
          description={
            initial.emailAvailable
              ? undefined
              : intl.formatMessage({ id: 'member.settings.emailUnavailable' })
          }
          checked={emailEnabled}
          disabled={!initial.emailAvailable && !emailEnabled}
          onChange={(e) => setEmailEnabled(e.currentTarget.checked)}
        />
        <Checkbox
          label={intl.formatMessage({ id: 'member.settings.digest' }, { hour: initial.digestHour })}
          checked={dailyDigest}
          onChange={(e) => setDailyDigest(e.currentTarget.checked)}
        />
        <Checkbox.Group
          label={intl.formatMessage({ id: 'member.settings.leadTimes' })}
          description={intl.formatMessage({ id: 'member.settings.leadTimesHint' }, { max: LEAD_MAX })}
          value={lead}
          onChange={setLead}
        >
          <Group gap="sm" mt={6}>
            {choices.map((m) => (
              <Checkbox
                key={m}
                value={String(m)}
                label={leadLabel(m)}
                disabled={!lead.includes(String(m)) && lead.length >= LEAD_MAX}
              />
            ))}
          </Group>
        </Checkbox.Group>
        <Group gap="xs">
          <Button type="submit" loading={save.isPending}>
            <FormattedMessage id="member.settings.save" />
          </Button>
          {save.isSuccess && (
            <Text size="sm" c="green.8" role="status">
              <FormattedMessage id="member.settings.saved" />
            </Text>
          )}
        </Group>
        {save.isError && <ErrorNotice error={save.error} />}
      </Stack>
    </form>
  );
}

/** Whether this device receives push messages, and the switch that asks the browser for it. */
function DevicePush() {
  const intl = useIntl();
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const supported = pushSupported();
  useEffect(() => {
    if (!supported) return;
    void currentPushSubscription()
      .then((s) => setSubscribed(s !== null))
      .catch(() => setSubscribed(false));
  }, [supported]);

  const toggle = async (on: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      if (on) await subscribePush();
      else await unsubscribePush();
      setSubscribed(on);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" mt="md">
      <Title order={3} size="h5">
        <FormattedMessage id="member.settings.device" />
      </Title>
      {!supported ? (
        <Text size="sm" c="dimmed">
          <FormattedMessage id="member.settings.pushUnsupported" />
        </Text>
      ) : (
        <Checkbox
          label={intl.formatMessage({ id: 'member.settings.deviceSwitch' })}
          checked={subscribed === true}
          disabled={busy || subscribed === null}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
      )}
      {problem instanceof PushDenied ? (
        <Alert color="yellow" variant="light" role="alert">
          <FormattedMessage id="member.settings.pushDenied" />
        </Alert>
      ) : problem instanceof ApiError || problem instanceof NetworkError ? (
        <ErrorNotice error={problem} />
      ) : problem ? (
        <Alert color="red" variant="light" role="alert">
          <FormattedMessage id="member.settings.pushFailed" />
        </Alert>
      ) : null}
    </Stack>
  );
}
