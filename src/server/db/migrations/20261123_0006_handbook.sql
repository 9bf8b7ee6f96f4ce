-- The party-member handbook: a cell's meetings, invitations and attendance, drafts with comments,
-- votes, minutes and resolutions, tasks, documents from superiors, the notification inbox and its
-- deliveries, and the month-by-month record the superior's compliance monitor reads.

-- Files (meeting materials, attached documents) live in the database: every app instance sees them,
-- backups hold them, and they are served only through the scope check of the record they belong to.
CREATE TABLE stored_file (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL CHECK (length(media_type) <= 120),
  size integer NOT NULL CHECK (size > 0),
  content bytea NOT NULL,
  created_by integer,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A meeting of a unit (usually a party cell). `month` is the month a regular meeting is for; for other
-- kinds it is the month it starts in. `scheduled_at` is when it was first announced (the monitor's
-- "scheduled by the 20th of the month before"); `held_at` when the secretary recorded it as held.
CREATE TABLE meeting (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id integer NOT NULL REFERENCES unit (id),
  kind text NOT NULL CHECK (kind IN ('regular', 'thematic', 'committee', 'party_committee', 'extraordinary')),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  place text CHECK (length(place) <= 300),
  online_url text CHECK (length(online_url) <= 500),
  topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 300),
  chair_person_id integer REFERENCES person (id),
  secretary_person_id integer REFERENCES person (id),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  scheduled_at timestamptz NOT NULL,
  held_at timestamptz,
  cancelled_reason text CHECK (length(cancelled_reason) <= 500),
  minutes_published_at timestamptz,
  resolution_published_at timestamptz,
  -- key of the rotating check-in code (HMAC over the time window); never sent to members
  checkin_secret bytea NOT NULL,
  created_by integer REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- optimistic concurrency: a write names the version it read
  version integer NOT NULL DEFAULT 1,
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX meeting_unit_month ON meeting (unit_id, month, kind);
CREATE INDEX meeting_upcoming ON meeting (starts_at) WHERE status = 'scheduled';
-- one regular meeting per cell and month (a cancelled one may be replaced)
CREATE UNIQUE INDEX meeting_regular_once ON meeting (unit_id, month) WHERE kind = 'regular' AND status <> 'cancelled';

CREATE TABLE agenda_item (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id integer NOT NULL REFERENCES meeting (id),
  position integer NOT NULL CHECK (position >= 0),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  notes text CHECK (length(notes) <= 4000),
  -- 'none': no vote; 'open': who voted how is recorded; 'secret': only that a member voted, and the tally
  vote text NOT NULL DEFAULT 'none' CHECK (vote IN ('none', 'open', 'secret')),
  vote_opened_at timestamptz,
  vote_closed_at timestamptz
);
CREATE INDEX agenda_item_meeting ON agenda_item (meeting_id, position);

CREATE TABLE meeting_material (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id integer NOT NULL REFERENCES meeting (id),
  file_id integer NOT NULL REFERENCES stored_file (id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  -- sensitive materials are never cached on devices and are not listed offline
  sensitive boolean NOT NULL DEFAULT false,
  uploaded_by integer REFERENCES account (id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);
CREATE INDEX meeting_material_meeting ON meeting_material (meeting_id);

-- Who is invited (written when the meeting is scheduled): the cell's official and probationary members
-- and the members temporarily active in it. A member away from home (`away`) is invited by the home
-- cell and may attend remotely. The reply and the attendance live on the same row, so a member is
-- counted at most once.
CREATE TABLE invitation (
  meeting_id integer NOT NULL REFERENCES meeting (id),
  person_id integer NOT NULL REFERENCES person (id),
  role text NOT NULL CHECK (role IN ('home', 'temporary')),
  away boolean NOT NULL DEFAULT false,
  reply text CHECK (reply IN ('attend', 'excused')),
  reply_reason text CHECK (length(reply_reason) <= 500),
  reply_remote boolean NOT NULL DEFAULT false,
  replied_at timestamptz,
  attendance text CHECK (attendance IN ('present', 'remote', 'late', 'excused', 'absent')),
  attendance_method text CHECK (attendance_method IN ('code', 'qr', 'secretary')),
  attended_at timestamptz,
  wrong_codes integer NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX invitation_person ON invitation (person_id, meeting_id);

-- Drafts, resolutions and minutes: every published version kept; paragraphs are [{id, text}].
CREATE TABLE meeting_text (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id integer NOT NULL REFERENCES meeting (id),
  kind text NOT NULL CHECK (kind IN ('draft_resolution', 'resolution', 'minutes')),
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  paragraphs jsonb NOT NULL,
  published_at timestamptz NOT NULL,
  published_by integer REFERENCES account (id),
  signed_off_at timestamptz,
  signed_off_by integer REFERENCES account (id),
  UNIQUE (meeting_id, kind, version)
);

-- Members' opinions on a draft: on one paragraph or (paragraph_id NULL) on the whole. `client_id`
-- makes a comment sent twice from an offline queue land once.
CREATE TABLE draft_comment (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  text_id integer NOT NULL REFERENCES meeting_text (id),
  paragraph_id text CHECK (length(paragraph_id) <= 40),
  person_id integer NOT NULL REFERENCES person (id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  client_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  answer text CHECK (length(answer) <= 4000),
  answered_by integer REFERENCES account (id),
  answered_at timestamptz,
  adopted boolean NOT NULL DEFAULT false
);
CREATE INDEX draft_comment_text ON draft_comment (text_id, id);
CREATE UNIQUE INDEX draft_comment_client ON draft_comment (person_id, client_id) WHERE client_id IS NOT NULL;

-- Votes: one row per voter and item (no one votes twice); `choice` is NULL on a secret vote, whose
-- choices are only counted in vote_tally, with nothing that links a choice to a voter.
CREATE TABLE vote_cast (
  item_id integer NOT NULL REFERENCES agenda_item (id),
  person_id integer NOT NULL REFERENCES person (id),
  choice text CHECK (choice IN ('for', 'against', 'abstain')),
  PRIMARY KEY (item_id, person_id)
);
CREATE TABLE vote_tally (
  item_id integer NOT NULL REFERENCES agenda_item (id),
  choice text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
  n integer NOT NULL DEFAULT 0 CHECK (n >= 0),
  PRIMARY KEY (item_id, choice)
);

-- Tasks the cell assigns to its members.
CREATE TABLE cell_task (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id integer NOT NULL REFERENCES unit (id),
  meeting_id integer REFERENCES meeting (id),
  assignee_person_id integer NOT NULL REFERENCES person (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  details text CHECK (length(details) <= 4000),
  due_on date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  report text CHECK (length(report) <= 4000),
  reported_at timestamptz,
  created_by integer REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cell_task_assignee ON cell_task (assignee_person_id, status, due_on);
CREATE INDEX cell_task_unit ON cell_task (unit_id, status, due_on);

-- Documents a unit publishes to its subtree (resolutions, directives, conclusions...). `unit_kinds`
-- NULL means every unit below; otherwise only members of units of those kinds receive it.
CREATE TABLE published_document (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  issuer_unit_id integer NOT NULL REFERENCES unit (id),
  kind text NOT NULL CHECK (kind IN ('resolution', 'directive', 'conclusion', 'instruction', 'notice', 'other')),
  number text CHECK (length(number) <= 60),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  summary text CHECK (length(summary) <= 4000),
  body text CHECK (length(body) <= 100000),
  file_id integer REFERENCES stored_file (id),
  file_name text CHECK (length(file_name) <= 200),
  unit_kinds text[],
  published_at timestamptz NOT NULL,
  published_by integer REFERENCES account (id)
);
CREATE INDEX published_document_issuer ON published_document (issuer_unit_id, published_at DESC);
CREATE INDEX published_document_recent ON published_document (published_at DESC);

CREATE TABLE document_read (
  document_id integer NOT NULL REFERENCES published_document (id),
  person_id integer NOT NULL REFERENCES person (id),
  read_at timestamptz NOT NULL,
  studied_at timestamptz,
  PRIMARY KEY (document_id, person_id)
);
CREATE INDEX document_read_person ON document_read (person_id, document_id);

-- The in-app inbox. `dedupe_key` (e.g. 'meeting:12:reminder:1440') makes a notification exist once
-- per account however many app instances try to create it.
CREATE TABLE notification (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id integer NOT NULL REFERENCES account (id),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{1,59}$'),
  subject_type text,
  subject_id integer,
  -- what the message says unopened: meeting date, place and topic, document title, task due date
  payload jsonb NOT NULL DEFAULT '{}',
  dedupe_key text CHECK (length(dedupe_key) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notification_inbox ON notification (account_id, id DESC);
CREATE INDEX notification_unread ON notification (account_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notification_once ON notification (account_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- One delivery per notification and channel, claimed by a worker with FOR UPDATE SKIP LOCKED: with
-- several app instances each delivery is sent by exactly one of them; failures are retried later.
CREATE TABLE notification_delivery (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id bigint NOT NULL REFERENCES notification (id),
  channel text NOT NULL CHECK (channel IN ('push', 'email')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text CHECK (length(last_error) <= 500),
  sent_at timestamptz,
  UNIQUE (notification_id, channel)
);
CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE status = 'pending';

CREATE TABLE push_subscription (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id integer NOT NULL REFERENCES account (id),
  endpoint text NOT NULL UNIQUE CHECK (length(endpoint) <= 1000),
  p256dh text NOT NULL CHECK (length(p256dh) <= 200),
  auth text NOT NULL CHECK (length(auth) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX push_subscription_account ON push_subscription (account_id) WHERE revoked_at IS NULL;

CREATE TABLE notification_setting (
  account_id integer PRIMARY KEY REFERENCES account (id),
  email text CHECK (length(email) <= 254),
  email_enabled boolean NOT NULL DEFAULT false,
  push_enabled boolean NOT NULL DEFAULT true,
  daily_digest boolean NOT NULL DEFAULT false,
  -- how long before a meeting reminders go out, in minutes (3 days, 1 day, 2 hours by default)
  lead_minutes integer[] NOT NULL DEFAULT '{4320,1440,120}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Keys the server generates once and every instance shares (the VAPID key pair for Web Push).
CREATE TABLE server_key (
  name text PRIMARY KEY,
  value jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Days on which an account used the app (written at most once a day per account): adoption "used in
-- the last 30 days" as of any past date.
CREATE TABLE account_active_day (
  account_id integer NOT NULL,
  day date NOT NULL,
  PRIMARY KEY (account_id, day)
);
CREATE INDEX account_active_day_day ON account_active_day (day);

-- The compliance monitor's month-by-month record of every unit that meets, maintained in the same
-- transaction as the meeting change it follows: the regular meeting's scheduling time, when it was
-- held and its minutes published, invitees and those who attended, and the thematic meetings held.
CREATE TABLE cell_month (
  unit_id integer NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  regular_meeting_id integer,
  scheduled_at timestamptz,
  held_at timestamptz,
  minutes_at timestamptz,
  invited integer NOT NULL DEFAULT 0,
  attended integer NOT NULL DEFAULT 0,
  thematic_held integer NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, month)
);
CREATE INDEX cell_month_month ON cell_month (month, unit_id);
