import { NativeSelect } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useIntl } from 'react-intl';
import { useChangeLocale } from '../features/session/session.ts';
import { useLocale } from './LocaleProvider.tsx';
import { LOCALE_NAMES, LOCALES, isLocale } from './locales.ts';

/**
 * Picks the language: a native select (the phone's own picker, no popup code to ship), with each
 * language named in itself. `compact` is the header's small version, labelled for screen readers.
 */
export function LanguageSwitcher({ compact = false }: { compact?: boolean }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const change = useChangeLocale();
  const label = intl.formatMessage({ id: 'language.label' });
  const data = LOCALES.map((code) => ({ value: code, label: LOCALE_NAMES[code] }));
  const onChange = (event: React.ChangeEvent<HTMLSelectElement>) => {
    const value = event.currentTarget.value;
    if (isLocale(value)) change(value);
  };

  if (compact) {
    return (
      <NativeSelect
        aria-label={label}
        value={locale}
        onChange={onChange}
        data={data}
        size="xs"
        w={124}
        leftSection={<IconLanguage size={16} aria-hidden />}
      />
    );
  }
  return <NativeSelect label={label} value={locale} onChange={onChange} data={data} />;
}
