import {
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../../api/client.ts';
import type * as handbook from '../../../../shared/contracts/handbook.ts';
import type * as meetings from '../../../../shared/contracts/meetings.ts';
import type * as notifications from '../../../../shared/contracts/notifications.ts';

export type Home = handbook.Home;
export type HomeMeeting = Home['meetings'][number];
export type Task = handbook.Task;
export type DocumentSummary = handbook.DocumentSummary;
export type DocumentDetail = z.infer<typeof handbook.DocumentDetail>;
export type DocumentPage = z.infer<typeof handbook.DocumentPage>;
export type MeetingDetail = meetings.MeetingDetail;
export type MeetingText = meetings.MeetingText;
export type AgendaItem = meetings.AgendaItem;
export type Material = meetings.Material;
export type DraftComment = meetings.DraftComment;
export type Invitee = meetings.Invitee;
export type InvitationList = z.infer<typeof meetings.InvitationList>;
export type CheckinCode = z.infer<typeof meetings.CheckinCode>;
export type AttendanceStatus = meetings.AttendanceStatus;
export type VoteChoice = meetings.VoteChoice;
export type ReplyInput = z.input<typeof meetings.ReplyInput>;
export type TextInput = z.input<typeof meetings.TextInput>;
export type NotificationItem = notifications.NotificationItem;
export type NotificationPage = notifications.NotificationPage;
export type NotificationSettings = notifications.NotificationSettings;
export type NotificationSettingsInput = z.input<typeof notifications.NotificationSettingsInput>;

/** Query keys of the member's screens; 'handbook' keys are shared with the console's screens. */
export const memberKeys = {
  home: ['me', 'home'] as const,
  meeting: (id: number) => ['handbook', 'meeting', id] as const,
  text: (id: number) => ['handbook', 'text', id] as const,
  invitations: (id: number) => ['handbook', 'invitations', id] as const,
  checkinCode: (id: number) => ['handbook', 'checkin-code', id] as const,
  tasks: (status: string | undefined) => ['me', 'tasks', status ?? 'all'] as const,
  documents: (unread: boolean) => ['me', 'documents', unread] as const,
  document: (id: number) => ['me', 'document', id] as const,
  inbox: ['me', 'notifications'] as const,
  settings: ['me', 'notification-settings'] as const,
};

/** After a change, the home and the meeting screens read again. */
export function useRefreshHandbook() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['me'] }),
      client.invalidateQueries({ queryKey: ['handbook'] }),
    ]);
}

export const homeQuery = queryOptions({
  queryKey: memberKeys.home,
  queryFn: ({ signal }) => api<Home>('/me/home', { signal }),
});

export function useHome() {
  return useQuery(homeQuery);
}

export function useMeetingDetail(id: number) {
  return useQuery({
    queryKey: memberKeys.meeting(id),
    queryFn: ({ signal }) => api<MeetingDetail>(`/meetings/${id}`, { signal }),
  });
}

export function useText(id: number | undefined) {
  return useQuery({
    queryKey: memberKeys.text(id ?? 0),
    enabled: id !== undefined,
    queryFn: ({ signal }) => api<MeetingText>(`/meeting-texts/${id}`, { signal }),
  });
}

export function useMyTasks(status: 'open' | 'done' | undefined) {
  return useQuery({
    queryKey: memberKeys.tasks(status),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<{ items: Task[]; total: number }>('/me/tasks', { signal, query: { status, pageSize: 100 } }),
  });
}

export function useUpdateMyTask() {
  const refresh = useRefreshHandbook();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: { status?: 'open' | 'done'; report?: string | null } }) =>
      api<Task>(`/tasks/${id}`, { method: 'PATCH', body }),
    onSuccess: refresh,
  });
}

export function useMyDocuments(unread: boolean) {
  return useQuery({
    queryKey: memberKeys.documents(unread),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<DocumentPage>('/me/documents', {
        signal,
        query: { unread: unread ? 'true' : undefined, pageSize: 100 },
      }),
  });
}

export function useDocument(id: number) {
  const client = useQueryClient();
  return useQuery({
    queryKey: memberKeys.document(id),
    queryFn: async ({ signal }) => {
      const doc = await api<DocumentDetail>(`/documents/${id}`, { signal });
      // Opening it marked it read: the counts on the home and the list change.
      void client.invalidateQueries({ queryKey: memberKeys.home });
      void client.invalidateQueries({ queryKey: ['me', 'documents'] });
      return doc;
    },
  });
}

export function useMarkStudied(id: number) {
  const refresh = useRefreshHandbook();
  return useMutation({
    mutationFn: () => api(`/documents/${id}/studied`, { method: 'POST' }),
    onSuccess: refresh,
  });
}

export function useInbox() {
  return useInfiniteQuery({
    queryKey: memberKeys.inbox,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ signal, pageParam }) =>
      api<NotificationPage>('/me/notifications', { signal, query: { before: pageParam, limit: 30 } }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}

export function useMarkRead() {
  const refresh = useRefreshHandbook();
  return useMutation({
    mutationFn: (body: { ids: number[] } | { all: true }) =>
      api<{ updated: number; unread: number }>('/me/notifications/read', { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useNotificationSettings() {
  return useQuery({
    queryKey: memberKeys.settings,
    queryFn: ({ signal }) => api<NotificationSettings>('/me/notification-settings', { signal }),
  });
}

export function useSaveNotificationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettingsInput) =>
      api<NotificationSettings>('/me/notification-settings', { method: 'PUT', body }),
    onSuccess: (data) => client.setQueryData(memberKeys.settings, data),
  });
}
