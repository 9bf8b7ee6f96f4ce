import type { z } from 'zod';
import type * as handbook from '../../../../shared/contracts/handbook.ts';
import type * as meetings from '../../../../shared/contracts/meetings.ts';

/** The shapes the console's handbook screens read and send, inferred from the server's contracts. */
export type MeetingKind = meetings.MeetingKind;
export type MeetingStatus = meetings.MeetingStatus;
export type VoteMode = meetings.VoteMode;
export type MeetingInput = z.input<typeof meetings.MeetingInput>;
export type MeetingPatch = z.input<typeof meetings.MeetingPatch>;
export type MeetingSummary = meetings.MeetingSummary;
export type MeetingDetail = meetings.MeetingDetail;
export type MeetingTextInput = z.input<typeof meetings.TextInput>;
export type MeetingText = meetings.MeetingText;
export type Task = z.infer<typeof handbook.Task>;
export type TaskStatus = Task['status'];
export type TaskInput = z.input<typeof handbook.TaskInput>;
export type TaskPatch = z.input<typeof handbook.TaskPatch>;
export type IssuedDocument = z.infer<typeof handbook.IssuedDocument>;
export type DocumentKind = IssuedDocument['kind'];
export type DocumentInput = z.input<typeof handbook.DocumentInput>;
export type DocumentFile = z.infer<typeof handbook.DocumentFile>;
export type DocumentReads = z.infer<typeof handbook.DocumentReads>;
