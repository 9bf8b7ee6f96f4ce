import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../api/client.ts';
import type { Catalogue } from '../api/types.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';

export const catalogueQuery = queryOptions({
  queryKey: ['catalogue'],
  queryFn: ({ signal }) => api<Catalogue>('/catalogue', { signal }),
  staleTime: Infinity,
});

export function useCatalogue() {
  return useQuery(catalogueQuery);
}

/** Names of organization families and unit kinds come from the catalogue (data, in every language). */
export function useCatalogueLabels() {
  const { locale } = useLocale();
  const { data } = useCatalogue();
  const kindLabel = useCallback(
    (code: string) => {
      const label = data?.unitKinds.find((k) => k.code === code)?.label;
      return label?.[locale] ?? label?.en ?? code;
    },
    [data, locale],
  );
  const familyLabel = useCallback(
    (code: string) => {
      const label = data?.families.find((f) => f.code === code)?.label;
      return label?.[locale] ?? label?.en ?? code;
    },
    [data, locale],
  );
  return { catalogue: data, kindLabel, familyLabel };
}
