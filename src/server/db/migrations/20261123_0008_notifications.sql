-- The notification worker's bookkeeping: which reminder lead times are in use, and how far each
-- periodic job has got, so every app instance looks only at what became due since the last run.

-- Every lead time any account has chosen (never removed: an unused one costs one empty index range
-- scan). The reminder scan reads meetings whose reminder moment (start minus lead) fell since its last
-- run, one index range per lead time, instead of every upcoming meeting.
CREATE TABLE reminder_lead (
  lead_minutes integer PRIMARY KEY CHECK (lead_minutes BETWEEN 5 AND 20160)
);
INSERT INTO reminder_lead (lead_minutes) VALUES (4320), (1440), (120);

-- How far a periodic job has run (reminders: up to which instant; digest: the last day sent).
CREATE TABLE notification_job (
  name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_.]{1,59}$'),
  done_until timestamptz NOT NULL
);

CREATE INDEX notification_setting_digest ON notification_setting (account_id)
  WHERE daily_digest AND email_enabled AND email IS NOT NULL;
