-- The handbook's reads: the compliance monitor's stored per-cell results, the change notes that keep
-- stored indicator values right for the handbook's indicators, and those indicators' catalogue rows.

-- A cell's twelve months of a year as the monitor judged them (see src/shared/rules/compliance.ts):
-- one letter per month (G green, A amber, R red, P pending, N none yet, X not applicable), the worst
-- status's rank for sorting and filtering, and the invited/attended counts of its held regular meetings
-- per month. `version` is bumped in every transaction that changes the cell's months (trigger below);
-- a stored result is valid while `computed_version = version` and it was computed in the same "epoch"
-- (the month, and whether the schedule day has passed: the only instants at which a status changes by
-- itself). The reader's upsert only lands when the version it read is still the current one, so a writer
-- committing during a computation causes a recomputation, never a stale answer.
CREATE TABLE compliance_cell_year (
  unit_id integer NOT NULL,
  year integer NOT NULL,
  version integer NOT NULL DEFAULT 0,
  computed_version integer NOT NULL DEFAULT -1,
  epoch text,
  statuses text CHECK (statuses ~ '^[GARPNX]{12}$'),
  rank integer NOT NULL DEFAULT 0,
  invited integer[] NOT NULL DEFAULT '{}',
  attended integer[] NOT NULL DEFAULT '{}',
  invited_total integer NOT NULL DEFAULT 0,
  attended_total integer NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, year)
);

CREATE FUNCTION gr_cell_month_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d date;
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO compliance_cell_year AS c (unit_id, year, version)
      SELECT DISTINCT unit_id, extract(year FROM month)::int, 1 FROM old_rows ORDER BY 1, 2
      ON CONFLICT (unit_id, year) DO UPDATE SET version = c.version + 1;
    SELECT min(month) INTO d FROM old_rows;
  ELSE
    INSERT INTO compliance_cell_year AS c (unit_id, year, version)
      SELECT DISTINCT unit_id, extract(year FROM month)::int, 1 FROM new_rows ORDER BY 1, 2
      ON CONFLICT (unit_id, year) DO UPDATE SET version = c.version + 1;
    SELECT min(month) INTO d FROM new_rows;
  END IF;
  -- The handbook indicators (meetings held, attendance) read cell_month: stored values after d are stale.
  IF d IS NOT NULL THEN
    INSERT INTO record_change (changed_from) VALUES (d);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER cell_month_changed_ins AFTER INSERT ON cell_month
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_cell_month_changed();
CREATE TRIGGER cell_month_changed_upd AFTER UPDATE ON cell_month
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_cell_month_changed();
CREATE TRIGGER cell_month_changed_del AFTER DELETE ON cell_month
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_cell_month_changed();

-- A cell established or closed on another date changes which of its months apply.
CREATE FUNCTION gr_unit_life_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE compliance_cell_year c SET version = c.version + 1
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE c.unit_id = n.id AND (n.established_on, n.closed_on) IS DISTINCT FROM (o.established_on, o.closed_on);
  RETURN NULL;
END;
$$;
CREATE TRIGGER unit_life_changed AFTER UPDATE ON unit
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_unit_life_changed();

-- "Active in the 30 days before a date" reads account_active_day; linking an account to another person
-- moves its days to that person.
CREATE FUNCTION gr_note_active_day() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d date;
BEGIN
  SELECT min(day) INTO d FROM new_rows;
  IF d IS NOT NULL THEN
    INSERT INTO record_change (changed_from) VALUES (d);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER account_active_day_changed_ins AFTER INSERT ON account_active_day
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_active_day();
CREATE TRIGGER account_active_day_changed_other AFTER UPDATE OR DELETE ON account_active_day
  FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_all();

CREATE FUNCTION gr_note_account_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.person_id IS DISTINCT FROM o.person_id) THEN
    INSERT INTO record_change (changed_from) VALUES ('-infinity');
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER account_person_changed AFTER UPDATE ON account
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_account_person();

-- How many members a document was sent to when it was published, and how many have read and studied it
-- (kept by the writers of document_read), so the issuer's list shows them without recounting.
ALTER TABLE published_document
  ADD COLUMN audience integer NOT NULL DEFAULT 0,
  ADD COLUMN read_count integer NOT NULL DEFAULT 0,
  ADD COLUMN studied_count integer NOT NULL DEFAULT 0;

-- A member's documents are those of the units above their cells, newest first.
CREATE INDEX published_document_issuer_id ON published_document (issuer_unit_id, id DESC);
-- Tasks of a meeting (the meeting page lists them).
CREATE INDEX cell_task_meeting ON cell_task (meeting_id) WHERE meeting_id IS NOT NULL;
-- The inbox's unread count and latest items by account (home page) use notification_unread and
-- notification_inbox; invitations by person use invitation_person.
-- Adoption: accounts activated, by person.
CREATE INDEX account_person_activated ON account (person_id, activated_at) WHERE person_id IS NOT NULL;

-- The handbook's indicators.
INSERT INTO indicator (code, source, params, measure, subject, filters, sort, label) VALUES
  ('cells.monthly_meetings_share', 'cells_meeting_every_month', '{"kinds": ["party_cell", "grassroots_party_cell"]}', 'percent', 'units',
   '{}', 300,
   '{"vi": "Tỷ lệ chi bộ sinh hoạt định kỳ đủ các tháng", "en": "Share of cells holding every monthly meeting", "ar": "نسبة الخلايا التي عقدت كل اجتماعاتها الشهرية", "hi": "हर मासिक बैठक करने वाले प्रकोष्ठों का हिस्सा"}'),
  ('cells.attendance_rate', 'meeting_attendance', '{"kinds": ["party_cell", "grassroots_party_cell"]}', 'percent', 'people',
   '{}', 310,
   '{"vi": "Tỷ lệ đảng viên dự sinh hoạt chi bộ bình quân", "en": "Average attendance at cell meetings", "ar": "متوسط نسبة الحضور في اجتماعات الخلايا", "hi": "प्रकोष्ठ बैठकों में औसत उपस्थिति"}'),
  ('handbook.active_members_share', 'active_members', '{"families": ["party"], "statuses": ["probationary", "official"], "days": 30}', 'percent', 'people',
   '{}', 320,
   '{"vi": "Tỷ lệ đảng viên sử dụng Sổ tay trong 30 ngày qua", "en": "Share of members active in the last 30 days", "ar": "نسبة الأعضاء النشطين في آخر 30 يومًا", "hi": "पिछले 30 दिनों में सक्रिय सदस्यों का हिस्सा"}');
