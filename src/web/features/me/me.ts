import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: ({ signal }) => api<Me>('/me', { signal }) });
}
