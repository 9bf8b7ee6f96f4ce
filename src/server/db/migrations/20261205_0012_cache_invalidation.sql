-- Invalidation of the app instances' caches (decision 0020). Every committed change to a record that a
-- cached session, actor or member's home is built from sends a notification on the channel
-- 'cache_invalidation'; NOTIFY is transactional, so it is delivered after the commit and only then.
-- Payloads: 'a:<account ids>' (sessions, actor and home of those accounts), 'p:<person ids>' (actor and
-- home of those persons' accounts), 'h:<person ids>' (home of those persons' accounts),
-- 'n:<account ids>' (home of those accounts), 'H' (every home), '*' (everything).
-- Triggers sit on the tables, so every writer is covered, whichever module or process it is.

-- Sends ids in chunks under the 8000-byte payload limit; a change touching very many keys empties the
-- whole cache instead ('H' for homes, '*' otherwise).
CREATE FUNCTION cache_notify(kind text, ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n integer := coalesce(array_length(ids, 1), 0);
  i integer := 1;
BEGIN
  IF n = 0 THEN
    RETURN;
  END IF;
  IF n > 2000 THEN
    PERFORM pg_notify('cache_invalidation', CASE WHEN kind IN ('h', 'n') THEN 'H' ELSE '*' END);
    RETURN;
  END IF;
  WHILE i <= n LOOP
    PERFORM pg_notify('cache_invalidation', kind || ':' || array_to_string(ids[i:i + 599], ','));
    i := i + 600;
  END LOOP;
END $$;

-- Statement-level: TG_ARGV[0] the kind, TG_ARGV[1] a query over the transition table (written %s)
-- returning the affected ids. More than 2000 changed rows escalate without running the query.
CREATE FUNCTION cache_invalidate_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := TG_ARGV[0];
  ids integer[] := '{}';
  many boolean;
  tbl text;
BEGIN
  FOREACH tbl IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows']
                                  ELSE ARRAY['old_rows', 'new_rows'] END LOOP
    EXECUTE format('SELECT count(*) > 2000 FROM (SELECT 1 FROM %I LIMIT 2001) x', tbl) INTO many;
    IF many THEN
      PERFORM pg_notify('cache_invalidation', CASE WHEN kind IN ('h', 'n') THEN 'H' ELSE '*' END);
      RETURN NULL;
    END IF;
    EXECUTE format('SELECT ARRAY(SELECT DISTINCT x FROM (' || TG_ARGV[1] || ') q (x) WHERE x IS NOT NULL)',
                   quote_ident(tbl)) INTO STRICT ids;
    PERFORM cache_notify(kind, ids);
  END LOOP;
  RETURN NULL;
END $$;

-- Statement-level without rows: TG_ARGV[0] is the whole payload ('H' or '*').
CREATE FUNCTION cache_invalidate_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cache_invalidation', TG_ARGV[0]);
  RETURN NULL;
END $$;

-- Row-level for the few columns of account and person a cache holds (a session touch, which sets
-- account.last_active_at, does not fire it).
CREATE FUNCTION cache_invalidate_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cache_invalidation', TG_ARGV[0] || ':' || OLD.id);
  RETURN NULL;
END $$;

CREATE TRIGGER account_cache_update AFTER UPDATE OF username, person_id, locale, disabled_at ON account
  FOR EACH ROW WHEN (OLD.username IS DISTINCT FROM NEW.username OR OLD.person_id IS DISTINCT FROM NEW.person_id
                     OR OLD.locale IS DISTINCT FROM NEW.locale OR OLD.disabled_at IS DISTINCT FROM NEW.disabled_at)
  EXECUTE FUNCTION cache_invalidate_row('a');
CREATE TRIGGER account_cache_delete AFTER DELETE ON account
  FOR EACH ROW EXECUTE FUNCTION cache_invalidate_row('a');
CREATE TRIGGER person_cache_update AFTER UPDATE OF full_name ON person
  FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name) EXECUTE FUNCTION cache_invalidate_row('p');

-- Sessions: only deletions matter (logout, disable, password reset, expiry); touches are updates.
CREATE TRIGGER session_cache_delete AFTER DELETE ON session REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('a', 'SELECT r.account_id FROM %s r');

CREATE TRIGGER role_assignment_cache_insert AFTER INSERT ON role_assignment REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('a', 'SELECT r.account_id FROM %s r');
CREATE TRIGGER role_assignment_cache_update AFTER UPDATE ON role_assignment
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('a', 'SELECT r.account_id FROM %s r');
CREATE TRIGGER role_assignment_cache_delete AFTER DELETE ON role_assignment REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('a', 'SELECT r.account_id FROM %s r');

-- The member's home: invitations (replies, check-ins, attendance), meetings (through their invitations),
-- tasks, documents read, memberships (which documents reach the person), the inbox.
CREATE TRIGGER invitation_cache_insert AFTER INSERT ON invitation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');
CREATE TRIGGER invitation_cache_update AFTER UPDATE ON invitation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');
CREATE TRIGGER invitation_cache_delete AFTER DELETE ON invitation REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');

CREATE TRIGGER meeting_cache_update AFTER UPDATE ON meeting
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h',
    'SELECT i.person_id FROM %s r JOIN invitation i ON i.meeting_id = r.id');
CREATE TRIGGER meeting_cache_delete AFTER DELETE ON meeting REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h',
    'SELECT i.person_id FROM %s r JOIN invitation i ON i.meeting_id = r.id');

CREATE TRIGGER cell_task_cache_insert AFTER INSERT ON cell_task REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.assignee_person_id FROM %s r');
CREATE TRIGGER cell_task_cache_update AFTER UPDATE ON cell_task
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.assignee_person_id FROM %s r');
CREATE TRIGGER cell_task_cache_delete AFTER DELETE ON cell_task REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.assignee_person_id FROM %s r');

CREATE TRIGGER document_read_cache_insert AFTER INSERT ON document_read REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');
CREATE TRIGGER document_read_cache_update AFTER UPDATE ON document_read
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');
CREATE TRIGGER document_read_cache_delete AFTER DELETE ON document_read REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');

CREATE TRIGGER membership_cache_insert AFTER INSERT ON membership REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');
CREATE TRIGGER membership_cache_update AFTER UPDATE ON membership
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');
CREATE TRIGGER membership_cache_delete AFTER DELETE ON membership REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h', 'SELECT r.person_id FROM %s r');

CREATE TRIGGER membership_period_cache_insert AFTER INSERT ON membership_period REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h',
    'SELECT m.person_id FROM %s r JOIN membership m ON m.id = r.membership_id');
CREATE TRIGGER membership_period_cache_update AFTER UPDATE ON membership_period
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h',
    'SELECT m.person_id FROM %s r JOIN membership m ON m.id = r.membership_id');
CREATE TRIGGER membership_period_cache_delete AFTER DELETE ON membership_period REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('h',
    'SELECT m.person_id FROM %s r JOIN membership m ON m.id = r.membership_id');

CREATE TRIGGER notification_cache_insert AFTER INSERT ON notification REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('n', 'SELECT r.account_id FROM %s r');
CREATE TRIGGER notification_cache_update AFTER UPDATE ON notification
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('n', 'SELECT r.account_id FROM %s r');
CREATE TRIGGER notification_cache_delete AFTER DELETE ON notification REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_rows('n', 'SELECT r.account_id FROM %s r');

-- A document reaches everyone under its issuer: any change to what the home shows of it empties every
-- home (documents are published a few times a day; read counters do not fire this).
CREATE TRIGGER published_document_cache_insert AFTER INSERT OR DELETE ON published_document
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_all('H');
CREATE TRIGGER published_document_cache_update
  AFTER UPDATE OF issuer_unit_id, kind, number, title, summary, file_name, unit_kinds, published_at ON published_document
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_all('H');

-- Unit names and the tree are in actors (role assignments name their units), in homes (unit names,
-- documents' audience, task permissions): a restructure empties everything.
CREATE TRIGGER unit_version_cache AFTER INSERT OR UPDATE OR DELETE ON unit_version
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_all('*');
CREATE TRIGGER unit_closure_cache AFTER INSERT OR UPDATE OR DELETE ON unit_closure
  FOR EACH STATEMENT EXECUTE FUNCTION cache_invalidate_all('*');
