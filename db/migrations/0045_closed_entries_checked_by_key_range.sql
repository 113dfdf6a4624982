-- The ledger's "no line added to an entry posted earlier" check (0016) counted each entry's lines in the
-- table with one index probe per entry: 100,000 probes per renewal run, about 0.7 s of the database's
-- time. A statement's entries are, as a rule, neighbours in the key (uuidv7 ids of one tenant, drawn
-- together), so one count of the key range [lowest, highest] settles it: when the range holds exactly the
-- statement's lines, no entry of it had lines before. A range holding others too is counted per entry; one
-- holding more lines than four times the statement's own plus 256 (entries far apart, lines of several
-- tenants) falls back to the probes. Same rule, same error; the balance check is unchanged.
CREATE OR REPLACE FUNCTION journal_lines_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  closed uuid;
  lines bigint;
  tenants bigint;
  tenant uuid;
  lo uuid;
  hi uuid;
  cap bigint;
  in_range bigint;
  complete boolean := false;
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
  -- An entry touched by the statement must have no more lines in the table than the statement inserted
  -- for it (the statement's own rows are visible to an AFTER trigger).
  SELECT count(*), count(DISTINCT n.tenant_id) INTO lines, tenants FROM new_lines n;
  IF tenants = 1 THEN
    SELECT n.tenant_id INTO tenant FROM new_lines n LIMIT 1;
    SELECT n.entry_id INTO lo FROM new_lines n ORDER BY n.entry_id LIMIT 1;
    SELECT n.entry_id INTO hi FROM new_lines n ORDER BY n.entry_id DESC LIMIT 1;
    cap := 4 * lines + 256;
    SELECT count(*) INTO in_range
      FROM (SELECT 1 FROM journal_lines l WHERE l.tenant_id = tenant AND l.entry_id BETWEEN lo AND hi LIMIT cap) l;
    IF in_range = lines THEN
      -- The range holds the statement's lines and nothing else: none of its entries had lines before.
      complete := true;
    ELSIF in_range < cap THEN
      -- Other lines share the range: those of entries the statement does not touch are fine, and an
      -- entry of the statement with more lines in the table than in the statement was posted before.
      SELECT e.entry_id INTO closed
        FROM (SELECT n.entry_id, count(*) AS n FROM new_lines n GROUP BY n.entry_id) e
        JOIN (SELECT l.entry_id, count(*) AS n FROM journal_lines l WHERE l.tenant_id = tenant AND l.entry_id BETWEEN lo AND hi GROUP BY l.entry_id) s
          ON s.entry_id = e.entry_id
       WHERE s.n <> e.n
       LIMIT 1;
      complete := true;
    END IF;
  END IF;
  IF NOT complete THEN
    SELECT e.entry_id INTO closed
      FROM (SELECT tenant_id, entry_id, count(*) AS n FROM new_lines GROUP BY tenant_id, entry_id) e
     WHERE (SELECT count(*) FROM journal_lines l WHERE l.tenant_id = e.tenant_id AND l.entry_id = e.entry_id) <> e.n
     LIMIT 1;
  END IF;
  IF closed IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % was posted by an earlier statement; post a new entry instead of adding lines', closed
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_closed';
  END IF;
  RETURN NULL;
END $$;
