-- The organization and member registry. Runs on PostgreSQL 15 and PGlite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Case- and diacritic-folding for searching names ("nguyen van" finds "Nguyễn Văn"); IMMUTABLE so it can be
-- indexed, and built from translate() so it needs no extension and behaves the same in every locale.
CREATE FUNCTION gr_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(translate(t, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹđĐ', 'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyyaabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwyaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyydd'))
$$;

-- Catalogues held as data, so levels and mass organizations are not fixed in code.
CREATE TABLE organization_family (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  label jsonb NOT NULL,
  sort integer NOT NULL DEFAULT 0,
  -- party-style lifecycle (applicant, probationary, official) or plain join/leave
  lifecycle text NOT NULL CHECK (lifecycle IN ('party', 'simple', 'none'))
);

CREATE TABLE unit_kind (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  family text NOT NULL REFERENCES organization_family (code),
  label jsonb NOT NULL,
  rank integer NOT NULL,
  is_grassroots boolean NOT NULL DEFAULT false,
  holds_members boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0
);

CREATE TABLE enterprise (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  ownership text NOT NULL CHECK (ownership IN ('state_owned', 'non_state', 'foreign_invested')),
  sector text CHECK (length(sector) <= 120),
  address text CHECK (length(address) <= 500),
  workforce integer CHECK (workforce >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A unit's identity; what it is called, what it is and where it hangs are in unit_version.
CREATE TABLE unit (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  established_on date NOT NULL,
  closed_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closed_on IS NULL OR closed_on >= established_on)
);

-- Effective-dated attributes: [valid_from, valid_to). The open version has valid_to = 'infinity'.
CREATE TABLE unit_version (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id integer NOT NULL REFERENCES unit (id),
  valid_from date NOT NULL,
  valid_to date NOT NULL DEFAULT 'infinity',
  parent_id integer REFERENCES unit (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  kind_code text NOT NULL REFERENCES unit_kind (code),
  enterprise_id integer REFERENCES enterprise (id),
  CHECK (valid_from < valid_to),
  CHECK (parent_id IS NULL OR parent_id <> unit_id),
  UNIQUE (unit_id, valid_from)
);
CREATE INDEX unit_version_current ON unit_version (unit_id) WHERE valid_to = 'infinity';
CREATE INDEX unit_version_parent ON unit_version (parent_id, valid_to);
CREATE INDEX unit_version_enterprise ON unit_version (enterprise_id) WHERE enterprise_id IS NOT NULL;
CREATE INDEX unit_version_name_trgm ON unit_version USING gin (gr_fold(name) gin_trgm_ops) WHERE valid_to = 'infinity';

-- Ancestor/descendant pairs with validity, written in the same transaction as the tree change.
-- Today's subtree and a subtree "as of" any past date are both one indexed range read.
CREATE TABLE unit_closure (
  ancestor_id integer NOT NULL REFERENCES unit (id),
  descendant_id integer NOT NULL REFERENCES unit (id),
  depth integer NOT NULL CHECK (depth >= 0),
  valid_from date NOT NULL,
  valid_to date NOT NULL DEFAULT 'infinity',
  CHECK (valid_from < valid_to),
  PRIMARY KEY (ancestor_id, descendant_id, valid_from)
);
CREATE INDEX unit_closure_current ON unit_closure (ancestor_id, descendant_id) WHERE valid_to = 'infinity';
CREATE INDEX unit_closure_desc ON unit_closure (descendant_id, valid_from, valid_to);
CREATE INDEX unit_closure_anc_range ON unit_closure (ancestor_id, valid_from, valid_to) INCLUDE (descendant_id, depth);

-- One restructure (move, merge, split, dissolve a level, rename, establish, close) = one row, one transaction.
CREATE TABLE restructure_operation (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('establish', 'rename', 'reclassify', 'attach', 'move', 'merge', 'split', 'dissolve_level', 'close')),
  effective_on date NOT NULL,
  payload jsonb NOT NULL,
  decision_ref text CHECK (length(decision_ref) <= 200),
  actor_account_id integer,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- What happened to each unit, for its history page.
CREATE TABLE unit_event (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id integer NOT NULL REFERENCES unit (id),
  operation_id integer NOT NULL REFERENCES restructure_operation (id),
  kind text NOT NULL,
  occurred_on date NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX unit_event_unit ON unit_event (unit_id, occurred_on);

CREATE TABLE person (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  -- lower-case, diacritics removed (đ -> d), computed by the application's one normaliser
  search_name text NOT NULL,
  birth_date date,
  sex text CHECK (sex IN ('male', 'female')),
  ethnicity text CHECK (length(ethnicity) <= 60),
  religion text CHECK (length(religion) <= 60),
  citizen_id text UNIQUE CHECK (citizen_id ~ '^[0-9]{12}$'),
  phone text CHECK (length(phone) <= 20),
  education text CHECK (length(education) <= 120),
  occupation text CHECK (length(occupation) <= 120),
  political_theory text CHECK (length(political_theory) <= 120),
  -- the unit that registered the person: scope for people who hold no membership yet
  -- (checked by the service; no per-row FK on the million-row tables, see decision 0007)
  registered_unit_id integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_search_trgm ON person USING gin (search_name gin_trgm_ops);
CREATE INDEX person_search_prefix ON person (search_name text_pattern_ops);
CREATE INDEX person_registered_unit ON person (registered_unit_id);

-- One membership per person and organization family; its life is the events below.
CREATE TABLE membership (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id integer NOT NULL,
  family text NOT NULL, -- a catalogue code, checked by the service (a per-row FK check halves bulk-load speed)
  card_number text CHECK (length(card_number) <= 40),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, family)
);

CREATE TABLE membership_event (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  membership_id integer NOT NULL,
  kind text NOT NULL CHECK (kind IN (
    'apply', 'admit', 'recognize', 'join', 'transfer', 'transfer_out',
    'temporary_start', 'temporary_end', 'leave')),
  occurred_on date NOT NULL,
  unit_id integer, -- checked open and of the right family on that date by the service, in the same transaction
  reason text CHECK (reason IN ('deceased', 'resigned', 'removed', 'expelled', 'left', 'restructure', 'transfer')),
  decision_ref text CHECK (length(decision_ref) <= 200),
  operation_id integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX membership_event_membership ON membership_event (membership_id, occurred_on, id);
CREATE INDEX membership_event_admit ON membership_event (kind, occurred_on) INCLUDE (membership_id, unit_id);

-- Status periods derived from the events (rebuilt for a membership whenever its events change).
-- role 'home' is where the member belongs; 'temporary' is a cell a member away from home is active in.
-- Derived rows carry no foreign keys: the events they come from already do, and per-row FK checks
-- would dominate bulk rebuilds.
CREATE TABLE membership_period (
  membership_id integer NOT NULL,
  family text NOT NULL,
  role text NOT NULL CHECK (role IN ('home', 'temporary')),
  unit_id integer NOT NULL,
  status text NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL DEFAULT 'infinity',
  CHECK (valid_from < valid_to),
  PRIMARY KEY (membership_id, role, valid_from)
);
CREATE INDEX membership_period_unit ON membership_period (unit_id, valid_from) INCLUDE (family, status, role, valid_to, membership_id);
CREATE INDEX membership_period_current ON membership_period (unit_id, family, status) WHERE valid_to = 'infinity';

-- Maintained aggregate: today's members per unit, family and status, updated by deltas in the
-- same transaction as the change (concurrent writers add, they never recount).
CREATE TABLE unit_member_count (
  unit_id integer NOT NULL,
  family text NOT NULL,
  role text NOT NULL,
  status text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (unit_id, family, role, status)
);
