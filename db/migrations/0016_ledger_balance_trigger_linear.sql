-- The ledger's balance trigger (0009) checked "no line added to an entry posted earlier" with a NOT EXISTS
-- against the transition table, which has no index: quadratic in the statement's lines (8,000 lines of a
-- renewal chunk took 7 s). Same rule, linear: an entry touched by the statement must have no more lines in
-- the table than the statement inserted for it (the statement's own rows are visible to an AFTER trigger).
CREATE OR REPLACE FUNCTION journal_lines_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.entry_id, n.currency, sum(n.debit_minor) AS debits, sum(n.credit_minor) AS credits INTO bad
    FROM new_lines n
   GROUP BY n.tenant_id, n.entry_id, n.currency
  HAVING sum(n.debit_minor) <> sum(n.credit_minor)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance in %: debits %, credits %', bad.entry_id, bad.currency, bad.debits, bad.credits
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_balanced';
  END IF;
  SELECT e.entry_id INTO bad
    FROM (SELECT tenant_id, entry_id, count(*) AS n FROM new_lines GROUP BY tenant_id, entry_id) e
   WHERE (SELECT count(*) FROM journal_lines l WHERE l.tenant_id = e.tenant_id AND l.entry_id = e.entry_id) <> e.n
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % was posted by an earlier statement; post a new entry instead of adding lines', bad.entry_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_closed';
  END IF;
  RETURN NULL;
END $$;
