import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type {
  DocumentFile,
  DocumentInput,
  DocumentReads,
  IssuedDocument,
  MeetingDetail,
  MeetingInput,
  MeetingPatch,
  MeetingSummary,
  MeetingText,
  MeetingTextInput,
  TaskInput,
  TaskPatch,
  Task,
} from './types.ts';

export const handbookKeys = {
  all: ['handbook'] as const,
  meetings: (unitId: number, q: object) => ['handbook', 'meetings', unitId, q] as const,
  meeting: (id: number) => ['handbook', 'meeting', id] as const,
  tasks: (unitId: number, q: object) => ['handbook', 'tasks', unitId, q] as const,
  documents: (unitId: number, q: object) => ['handbook', 'documents', unitId, q] as const,
  reads: (id: number) => ['handbook', 'reads', id] as const,
};

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: handbookKeys.all });
}

export function useUnitMeetings(unitId: number, q: { from: string; to: string; kind?: string }) {
  return useQuery({
    queryKey: handbookKeys.meetings(unitId, q),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<{ items: MeetingSummary[] }>(`/units/${unitId}/meetings`, { signal, query: q }),
  });
}

export function useMeeting(id: number, enabled = true) {
  return useQuery({
    queryKey: handbookKeys.meeting(id),
    enabled,
    queryFn: ({ signal }) => api<MeetingDetail>(`/meetings/${id}`, { signal }),
  });
}

export function useCreateMeeting(unitId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: MeetingInput) =>
      api<MeetingDetail>(`/units/${unitId}/meetings`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateMeeting(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: MeetingPatch) => api<MeetingDetail>(`/meetings/${id}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

/** Materials go up one file at a time, after the meeting exists. */
export function useUploadMaterial() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ meetingId, file, sensitive }: { meetingId: number; file: File; sensitive: boolean }) => {
      const form = new FormData();
      // The flag goes before the file: a streaming reader sees it before the file's bytes.
      form.append('sensitive', sensitive ? 'true' : 'false');
      form.append('file', file, file.name);
      return api(`/meetings/${meetingId}/materials`, { method: 'POST', body: form });
    },
    onSuccess: invalidate,
  });
}

export function useRemoveMaterial(meetingId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (materialId: number) =>
      api(`/meetings/${meetingId}/materials/${materialId}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function usePublishText() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ meetingId, body }: { meetingId: number; body: MeetingTextInput }) =>
      api(`/meetings/${meetingId}/texts`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUnitTasks(
  unitId: number,
  q: { status?: string; overdue?: boolean; page?: number; pageSize?: number },
) {
  return useQuery({
    queryKey: handbookKeys.tasks(unitId, q),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<{ items: Task[]; total: number }>(`/units/${unitId}/tasks`, { signal, query: q }),
  });
}

export function useCreateTask(unitId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: TaskInput) => api<Task>(`/units/${unitId}/tasks`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateTask() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: TaskPatch }) =>
      api<Task>(`/tasks/${id}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}

export function useUnitDocuments(unitId: number, q: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: handbookKeys.documents(unitId, q),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api<{ items: IssuedDocument[]; total: number }>(`/units/${unitId}/documents`, { signal, query: q }),
  });
}

export function usePublishDocument(unitId: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: DocumentInput) =>
      api<IssuedDocument>(`/units/${unitId}/documents`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

/** A PDF to attach to a document: uploaded first, then named by its id when publishing. */
export function useUploadDocumentFile(unitId: number) {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api<DocumentFile>(`/units/${unitId}/document-files`, { method: 'POST', body: form });
    },
  });
}

export function useDocumentReads(id: number, enabled: boolean, unitId?: number) {
  return useQuery({
    queryKey: [...handbookKeys.reads(id), unitId ?? null],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api<DocumentReads>(`/documents/${id}/reads`, { signal, query: { unitId } }),
  });
}

export function useMeetingText(textId: number | undefined) {
  return useQuery({
    queryKey: ['handbook', 'text', textId ?? null],
    enabled: textId !== undefined,
    queryFn: ({ signal }) => api<MeetingText>(`/meeting-texts/${textId}`, { signal }),
  });
}
