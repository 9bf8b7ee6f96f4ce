-- Work programs: indicators defined over the records, key targets per unit and period, and the results.

-- The indicator catalogue. `source` names the evaluator in code (events, established, members_at,
-- net_change, share_with, reported); `params` configures it (families, event kinds, unit kinds). Later
-- capabilities add rows of their own. `filters` lists the filter fields a target on it may use.
CREATE TABLE indicator (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_.]{1,79}$'),
  source text NOT NULL CHECK (source ~ '^[a-z][a-z0-9_]{1,39}$'),
  params jsonb NOT NULL DEFAULT '{}',
  measure text NOT NULL CHECK (measure IN ('count', 'percent')),
  subject text NOT NULL CHECK (subject IN ('people', 'units', 'enterprises', 'other')),
  filters text[] NOT NULL DEFAULT '{}',
  label jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0
);

-- A unit's program for a period. `scope_unit_id` is the unit whose subtree's records count (a steering
-- committee's program counts the whole province); it is the owner itself unless said otherwise.
CREATE TABLE work_program (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id integer NOT NULL REFERENCES unit (id),
  scope_unit_id integer NOT NULL REFERENCES unit (id),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4]|-[01][0-9])?$'),
  period_start date NOT NULL,
  period_end date NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  created_by integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_start <= period_end)
);
CREATE INDEX work_program_unit ON work_program (unit_id, period_start);

CREATE TABLE program_target (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  program_id integer NOT NULL REFERENCES work_program (id),
  indicator_code text NOT NULL REFERENCES indicator (code),
  target_value numeric NOT NULL CHECK (target_value >= 0),
  direction text NOT NULL DEFAULT 'at_least' CHECK (direction IN ('at_least', 'at_most')),
  filters jsonb NOT NULL DEFAULT '{}',
  label text CHECK (length(label) <= 300),
  parent_target_id integer REFERENCES program_target (id),
  sort integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX program_target_program ON program_target (program_id, sort);
CREATE INDEX program_target_parent ON program_target (parent_target_id) WHERE parent_target_id IS NOT NULL;

-- Values of indicators that have no records behind them yet: entered with their source, shown as reported.
CREATE TABLE target_report (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  target_id integer NOT NULL REFERENCES program_target (id),
  value numeric NOT NULL CHECK (value >= 0),
  reported_on date NOT NULL,
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
  account_id integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX target_report_target ON target_report (target_id, reported_on);

CREATE INDEX unit_established ON unit (established_on);

-- Computed indicator values, reused until a record they depend on changes. Every change to the records
-- leaves a row in record_change (written by the triggers below, in the writer's transaction) with the
-- earliest date it can affect. A stored value is valid while no change made by a transaction its
-- computation could not see (xid >= the snapshot's xmin) affects a date up to the value's date.
CREATE TABLE record_change (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txid bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  changed_from date NOT NULL
);
CREATE INDEX record_change_txid ON record_change (txid, changed_from);

CREATE TABLE indicator_value (
  key text PRIMARY KEY,
  as_of date NOT NULL,
  value jsonb NOT NULL,
  snapshot_xmin bigint NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION gr_note_change_on() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d date;
BEGIN
  IF TG_TABLE_NAME = 'membership_event' THEN
    SELECT min(occurred_on) INTO d FROM new_rows;
  ELSIF TG_TABLE_NAME = 'unit' THEN
    SELECT min(least(established_on, coalesce(closed_on, 'infinity'))) INTO d FROM new_rows;
  ELSE
    SELECT min(least(valid_from, valid_to)) INTO d FROM new_rows;
  END IF;
  IF d IS NOT NULL THEN
    INSERT INTO record_change (changed_from) VALUES (d);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION gr_note_change_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_change (changed_from) VALUES ('-infinity');
  RETURN NULL;
END;
$$;

-- A person's sex, birth date, ethnicity or religion feed the people filters of every past figure.
CREATE FUNCTION gr_note_person_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.sex, n.birth_date, n.ethnicity, n.religion) IS DISTINCT FROM (o.sex, o.birth_date, o.ethnicity, o.religion)) THEN
    INSERT INTO record_change (changed_from) VALUES ('-infinity');
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER membership_event_changed_ins AFTER INSERT ON membership_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_on();
CREATE TRIGGER membership_event_changed_other AFTER UPDATE OR DELETE ON membership_event
  FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_all();
CREATE TRIGGER unit_changed_ins AFTER INSERT ON unit
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_on();
CREATE TRIGGER unit_changed_upd AFTER UPDATE ON unit
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_on();
CREATE TRIGGER unit_version_changed_ins AFTER INSERT ON unit_version
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_on();
CREATE TRIGGER unit_version_changed_upd AFTER UPDATE ON unit_version
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_on();
CREATE TRIGGER unit_version_changed_del AFTER DELETE ON unit_version
  FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_all();
CREATE TRIGGER unit_closure_changed_ins AFTER INSERT ON unit_closure
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_on();
CREATE TRIGGER unit_closure_changed_upd AFTER UPDATE ON unit_closure
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_on();
CREATE TRIGGER unit_closure_changed_del AFTER DELETE ON unit_closure
  FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_all();
CREATE TRIGGER enterprise_changed AFTER UPDATE OR DELETE ON enterprise
  FOR EACH STATEMENT EXECUTE FUNCTION gr_note_change_all();
CREATE TRIGGER person_changed AFTER UPDATE ON person
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_note_person_change();

-- The catalogue. Labels in the four languages of the product.
INSERT INTO indicator (code, source, params, measure, subject, filters, sort, label) VALUES
  ('party.admissions', 'events', '{"families": ["party"], "kinds": ["admit"]}', 'count', 'people',
   '{unitKinds,ownership,sex,ethnicity,religion,ageMin,ageMax}', 10,
   '{"vi": "Kết nạp đảng viên mới", "en": "New party members admitted", "ar": "أعضاء جدد مقبولون في الحزب", "hi": "पार्टी में भर्ती नए सदस्य"}'),
  ('party.organizations_established', 'established', '{"kinds": ["grassroots_party_committee", "grassroots_party_cell"]}', 'count', 'units',
   '{unitKinds,ownership}', 20,
   '{"vi": "Thành lập tổ chức đảng", "en": "Party organizations established", "ar": "منظمات حزبية أُسست", "hi": "स्थापित पार्टी संगठन"}'),
  ('trade_union.bases_established', 'established', '{"kinds": ["grassroots_trade_union"]}', 'count', 'units',
   '{unitKinds,ownership}', 30,
   '{"vi": "Thành lập công đoàn cơ sở", "en": "Grassroots trade unions established", "ar": "نقابات قاعدية أُسست", "hi": "स्थापित प्राथमिक ट्रेड यूनियन"}'),
  ('youth.bases_established', 'established', '{"kinds": ["youth_union_base", "youth_federation_base"]}', 'count', 'units',
   '{unitKinds,ownership}', 40,
   '{"vi": "Thành lập cơ sở Đoàn, Hội", "en": "Youth-union bases established", "ar": "قواعد شبابية أُسست", "hi": "स्थापित युवा संघ आधार इकाइयाँ"}'),
  ('women.units_established', 'established', '{"kinds": ["women_association", "women_branch", "women_group", "women_club"]}', 'count', 'units',
   '{unitKinds,ownership}', 50,
   '{"vi": "Thành lập tổ chức Hội Phụ nữ", "en": "Women''s union units established", "ar": "وحدات اتحاد المرأة أُسست", "hi": "स्थापित महिला संघ इकाइयाँ"}'),
  ('veterans.branches_established', 'established', '{"kinds": ["veterans_branch"]}', 'count', 'units',
   '{unitKinds,ownership}', 60,
   '{"vi": "Thành lập chi hội Cựu chiến binh", "en": "Veterans'' branches established", "ar": "فروع المحاربين القدامى أُسست", "hi": "स्थापित पूर्व सैनिक शाखाएँ"}'),
  ('party.members', 'members_at', '{"families": ["party"], "statuses": ["probationary", "official"]}', 'count', 'people',
   '{unitKinds,ownership,sex,ethnicity,religion,ageMin,ageMax}', 70,
   '{"vi": "Đảng viên (cuối kỳ)", "en": "Party members at the end of the period", "ar": "أعضاء الحزب في نهاية الفترة", "hi": "अवधि के अंत में पार्टी सदस्य"}'),
  ('party.net_change', 'net_change', '{"families": ["party"], "statuses": ["probationary", "official"]}', 'count', 'people',
   '{unitKinds,ownership,sex,ethnicity,religion,ageMin,ageMax}', 80,
   '{"vi": "Tăng ròng đảng viên trong kỳ", "en": "Net change in party members", "ar": "صافي التغير في أعضاء الحزب", "hi": "पार्टी सदस्यों में शुद्ध परिवर्तन"}'),
  ('trade_union.members', 'members_at', '{"families": ["trade_union"], "statuses": ["member"]}', 'count', 'people',
   '{unitKinds,ownership,sex,ethnicity,religion,ageMin,ageMax}', 90,
   '{"vi": "Đoàn viên công đoàn (cuối kỳ)", "en": "Trade-union members at the end of the period", "ar": "أعضاء النقابات في نهاية الفترة", "hi": "अवधि के अंत में ट्रेड यूनियन सदस्य"}'),
  ('trade_union.joins', 'events', '{"families": ["trade_union"], "kinds": ["join"]}', 'count', 'people',
   '{unitKinds,ownership,sex,ethnicity,religion,ageMin,ageMax}', 100,
   '{"vi": "Kết nạp đoàn viên công đoàn", "en": "New trade-union members", "ar": "أعضاء جدد في النقابات", "hi": "नए ट्रेड यूनियन सदस्य"}'),
  ('youth.members', 'members_at', '{"families": ["youth_union", "youth_federation"], "statuses": ["member"]}', 'count', 'people',
   '{unitKinds,ownership,sex,ethnicity,religion,ageMin,ageMax}', 110,
   '{"vi": "Đoàn viên, hội viên thanh niên (cuối kỳ)", "en": "Youth-union members at the end of the period", "ar": "أعضاء اتحاد الشباب في نهاية الفترة", "hi": "अवधि के अंत में युवा संघ सदस्य"}'),
  ('women.members', 'members_at', '{"families": ["women"], "statuses": ["member"]}', 'count', 'people',
   '{unitKinds,ownership,sex,ethnicity,religion,ageMin,ageMax}', 120,
   '{"vi": "Hội viên phụ nữ (cuối kỳ)", "en": "Women''s union members at the end of the period", "ar": "عضوات اتحاد المرأة في نهاية الفترة", "hi": "अवधि के अंत में महिला संघ सदस्य"}'),
  ('veterans.members', 'members_at', '{"families": ["veterans"], "statuses": ["member"]}', 'count', 'people',
   '{unitKinds,ownership,sex,ethnicity,religion,ageMin,ageMax}', 130,
   '{"vi": "Hội viên Cựu chiến binh (cuối kỳ)", "en": "Veterans'' association members at the end of the period", "ar": "أعضاء جمعية المحاربين القدامى في نهاية الفترة", "hi": "अवधि के अंत में पूर्व सैनिक संघ सदस्य"}'),
  ('enterprises.with_party_share', 'share_with', '{"kinds": ["grassroots_party_committee", "grassroots_party_cell"]}', 'percent', 'enterprises',
   '{ownership}', 140,
   '{"vi": "Tỷ lệ doanh nghiệp có tổ chức đảng", "en": "Share of enterprises with a party organization", "ar": "نسبة المؤسسات التي فيها منظمة حزبية", "hi": "पार्टी संगठन वाले उद्यमों का हिस्सा"}'),
  ('enterprises.with_trade_union_share', 'share_with', '{"kinds": ["grassroots_trade_union"]}', 'percent', 'enterprises',
   '{ownership}', 150,
   '{"vi": "Tỷ lệ doanh nghiệp có công đoàn cơ sở", "en": "Share of enterprises with a trade union", "ar": "نسبة المؤسسات التي فيها نقابة", "hi": "ट्रेड यूनियन वाले उद्यमों का हिस्सा"}'),
  ('training.courses_held', 'reported', '{}', 'count', 'other', '{}', 200,
   '{"vi": "Lớp bồi dưỡng lý luận chính trị đã mở", "en": "Political theory courses held", "ar": "دورات النظرية السياسية المنعقدة", "hi": "आयोजित राजनीतिक सिद्धांत पाठ्यक्रम"}'),
  ('mobilization.models_registered', 'reported', '{}', 'count', 'other', '{}', 210,
   '{"vi": "Mô hình \"Dân vận khéo\" được công nhận", "en": "\"Skillful mass mobilization\" models recognized", "ar": "نماذج \"التعبئة الجماهيرية الماهرة\" المعترف بها", "hi": "मान्यता प्राप्त \"कुशल जन-संपर्क\" मॉडल"}');
