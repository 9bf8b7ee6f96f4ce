import {
  Alert,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorNotice, PageLoader } from '../../app/status.tsx';
import { LanguageSwitcher } from '../../i18n/LanguageSwitcher.tsx';
import { takeSessionExpired, useSession, useSignIn } from './session.ts';

/** Only paths inside this app may be returned to after signing in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const signIn = useSignIn();
  const [expired] = useState(takeSessionExpired);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));

  if (session.isPending) return <PageLoader />;
  if (session.data && !signIn.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { username: username.trim(), password },
      { onSuccess: () => void navigate(next, { replace: true }) },
    );
  };

  return (
    <Center mih="100dvh" p="md" component="main" bg="gray.0">
      <Box w="100%" maw={400}>
        <Stack align="center" gap={4} mb="lg">
          <img src="/favicon.svg" alt="" width={56} height={56} />
          <Title order={1} size="h2">
            Grassroots
          </Title>
          <Text c="dimmed" size="sm" ta="center">
            <FormattedMessage id="signIn.tagline" />
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={2} size="h3">
                <FormattedMessage id="signIn.title" />
              </Title>
              {expired && (
                <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />} role="status">
                  <FormattedMessage id="signIn.expired" />
                </Alert>
              )}
              {signIn.isError && <ErrorNotice error={signIn.error} />}
              <TextInput
                label={intl.formatMessage({ id: 'signIn.username' })}
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
              />
              <PasswordInput
                label={intl.formatMessage({ id: 'signIn.password' })}
                name="password"
                autoComplete="current-password"
                visibilityToggleButtonProps={{
                  'aria-label': intl.formatMessage({ id: 'signIn.showPassword' }),
                }}
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button
                type="submit"
                loading={signIn.isPending}
                disabled={!username.trim() || !password}
                fullWidth
              >
                <FormattedMessage id="signIn.submit" />
              </Button>
            </Stack>
          </form>
        </Paper>
        <Box mt="lg">
          <LanguageSwitcher />
        </Box>
      </Box>
    </Center>
  );
}
