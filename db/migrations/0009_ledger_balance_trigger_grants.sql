-- FORCE RLS and grants for the ledger; journal entries and lines are append-only.
ALTER TABLE "ledger_accounts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_entries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "ledger_accounts" TO app_user;--> statement-breakpoint
GRANT SELECT, INSERT ON "journal_entries", "journal_lines" TO app_user;--> statement-breakpoint

-- Balance is enforced by the database, not only by the posting code: after every INSERT statement on
-- journal_lines, each entry it touched must balance per currency, and must have got all its lines in
-- that one statement (no line can be added to an entry posted before). Statement-level over the
-- transition table, so a run posting 100,000 entries pays one set-based check, not one per row.
CREATE FUNCTION journal_lines_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
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
  SELECT l.entry_id INTO bad
    FROM (SELECT DISTINCT tenant_id, entry_id FROM new_lines) e
    JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.entry_id
   WHERE NOT EXISTS (SELECT 1 FROM new_lines x WHERE x.tenant_id = l.tenant_id AND x.id = l.id)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % was posted by an earlier statement; post a new entry instead of adding lines', bad.entry_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_closed';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER journal_lines_balanced AFTER INSERT ON "journal_lines"
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION journal_lines_balanced();
