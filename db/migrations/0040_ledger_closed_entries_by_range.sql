-- The ledger's balance trigger (0009, 0016): "no line added to an entry posted earlier" counted each
-- touched entry's lines with its own index scan (a renewal chunk: 2,000 entries, 2,000 scans). The
-- entries a statement posts were, as a rule, written just before it with uuidv7 ids drawn in order, so
-- their lines sit side by side in journal_lines_entry_idx: one ordered scan of the entry range
-- [lowest, highest], stopped after four times as many rows as the statement's lines, counts them all,
-- and a hash join compares. A wider range (entries spread out) or several tenants fall back to the
-- per-entry counts. Same rules and errors.
CREATE OR REPLACE FUNCTION journal_lines_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  complete boolean;
  open_entry uuid;
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
  WITH e AS MATERIALIZED (SELECT tenant_id, entry_id, count(*) AS n FROM new_lines GROUP BY tenant_id, entry_id),
       b AS MATERIALIZED (SELECT (SELECT sum(n) FROM e) AS lines, (SELECT count(DISTINCT tenant_id) FROM e) AS tenants, (SELECT tenant_id FROM e LIMIT 1) AS t,
                                 (SELECT entry_id FROM e ORDER BY entry_id LIMIT 1) AS lo, (SELECT entry_id FROM e ORDER BY entry_id DESC LIMIT 1) AS hi),
       span AS MATERIALIZED (SELECT r.entry_id FROM b CROSS JOIN LATERAL (SELECT l.entry_id FROM journal_lines l
                                                                          WHERE l.tenant_id = b.t AND l.entry_id BETWEEN b.lo AND b.hi
                                                                          ORDER BY l.tenant_id, l.entry_id LIMIT 4 * b.lines + 256) r
                              WHERE b.tenants = 1),
       complete AS (SELECT b.tenants = 1 AND (SELECT count(*) FROM span) < 4 * b.lines + 256 AS ok FROM b)
  SELECT c.ok, (SELECT e.entry_id FROM e LEFT JOIN (SELECT entry_id, count(*) AS n FROM span GROUP BY entry_id) s ON s.entry_id = e.entry_id
                 WHERE coalesce(s.n, 0) <> e.n LIMIT 1) AS entry_id
    INTO complete, open_entry
    FROM complete c;
  IF NOT complete THEN
    SELECT e.entry_id INTO open_entry
      FROM (SELECT tenant_id, entry_id, count(*) AS n FROM new_lines GROUP BY tenant_id, entry_id) e
     WHERE (SELECT count(*) FROM journal_lines l WHERE l.tenant_id = e.tenant_id AND l.entry_id = e.entry_id) <> e.n
     LIMIT 1;
  END IF;
  IF open_entry IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % was posted by an earlier statement; post a new entry instead of adding lines', open_entry
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_closed';
  END IF;
  RETURN NULL;
END $$;
