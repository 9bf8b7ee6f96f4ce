-- Accounts, roles on subtrees, sessions, login throttling, and the append-only audit log.
CREATE TABLE account (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{2,63}$'),
  person_id integer REFERENCES person (id),
  password_hash text NOT NULL,
  locale text NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en', 'ar', 'hi')),
  disabled_at timestamptz,
  activated_at timestamptz,
  last_active_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_person ON account (person_id);

CREATE TABLE role_assignment (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id integer NOT NULL REFERENCES account (id),
  role text NOT NULL CHECK (role IN ('member', 'cell_secretary', 'committee_staff', 'administrator')),
  unit_id integer NOT NULL REFERENCES unit (id),
  granted_by integer REFERENCES account (id),
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX role_assignment_account ON role_assignment (account_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX role_assignment_unique ON role_assignment (account_id, role, unit_id) WHERE revoked_at IS NULL;

-- The cookie carries a 128-bit random token; only its SHA-256 is stored.
CREATE TABLE session (
  token_hash text PRIMARY KEY,
  account_id integer NOT NULL REFERENCES account (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  client_ip text,
  user_agent text
);
CREATE INDEX session_account ON session (account_id);
CREATE INDEX session_expires ON session (expires_at);

CREATE TABLE login_attempt (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  client_ip text,
  succeeded boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_user ON login_attempt (username, at);
CREATE INDEX login_attempt_ip ON login_attempt (client_ip, at);

-- Append-only, hash-chained: hash = sha256(prev_hash || canonical row). The application may insert
-- and read; a trigger refuses UPDATE and DELETE, and on PostgreSQL the app role lacks the grants too.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_account_id integer,
  action text NOT NULL,
  record_type text NOT NULL,
  record_id text,
  request_id text,
  client_ip text,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id);
CREATE INDEX audit_log_actor ON audit_log (actor_account_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Import jobs: progress is visible while a large file is checked and written.
CREATE TABLE import_job (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id integer REFERENCES account (id),
  kind text NOT NULL,
  file_name text,
  status text NOT NULL CHECK (status IN ('running', 'failed', 'succeeded')),
  total_rows integer NOT NULL DEFAULT 0,
  processed_rows integer NOT NULL DEFAULT 0,
  errors jsonb NOT NULL DEFAULT '[]',
  summary jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
