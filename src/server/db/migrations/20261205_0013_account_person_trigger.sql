-- The note that an account's person changed (indicators over accounts read it, decision 0013) was a
-- statement-level trigger joining the statement's old and new rows on id. Transition tables have no
-- index, so a statement updating n accounts (batched session touches write last activity for hundreds)
-- paid n x n comparisons: 1.6 s for 2,000 accounts. A row-level trigger on the column instead: it is
-- not even called unless an UPDATE sets person_id, and writes its note only when the value changes.
DROP TRIGGER account_person_changed ON account;
DROP FUNCTION gr_note_account_person();

CREATE FUNCTION gr_note_account_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_change (changed_from) VALUES ('-infinity');
  RETURN NULL;
END;
$$;
CREATE TRIGGER account_person_changed AFTER UPDATE OF person_id ON account
  FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id) EXECUTE FUNCTION gr_note_account_person();
