-- batch_references_check() (0030, 0032, 0034, 0036): how the parents are found, not what is checked.
-- Same checks, locks and errors.
--
-- Each statement's keys used to be joined to the parent table, and the plan depended on the parent's
-- statistics: a table that had grown since it was last analyzed (a renewal run fills invoices and
-- journal_entries from nothing) was taken for a few rows, and the planner compared each of a chunk's
-- 2,000 keys with every row by a nested loop, 4 M comparisons per statement, about 40% of the run's
-- database time. Now:
--   * every reference probes its parent once per key, a LATERAL primary-key lookup (the LIMIT keeps the
--     planner from flattening it back into a join), and takes its key-share locks in key order, as a
--     foreign key would, whatever the statistics;
--   * a reference marked 'own' first reads its parents as one range of the primary key. The parents a
--     batch wrote itself (a chunk's invoices, lines, schedules, entries) have uuidv7 ids drawn in order,
--     so they sit side by side in the (tenant_id, id) index: one ordered scan from the lowest key to the
--     highest, stopped after 4n + 256 rows, finds them, and one aggregate over keys and rows matches
--     them (not a join: the planner guesses one row for a bounded read). EXPLAIN ANALYZE of 2,000 keys:
--     2.2 ms against 4.0 ms for 2,000 probes (59 buffer visits against 8,000). Keys spread wider, or of
--     several tenants, are probed one by one;
--   * the function's statements use index scans only (seq and bitmap scans off), so a parent taken for
--     a small table is never read whole.
CREATE OR REPLACE FUNCTION batch_references_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET enable_memoize = off SET enable_seqscan = off SET enable_bitmapscan = off AS $$
DECLARE
  spec text[];
  src text;
  keys text;
  key_order text;
  join_on text;
  own_first boolean;
  complete boolean;
  wanted bigint;
  own bigint;
  locked bigint;
  missing text;
BEGIN
  -- Statement level: the statement's rows; row level (an UPDATE of a referencing column): the new row.
  src := CASE WHEN TG_LEVEL = 'STATEMENT' THEN 'new_rows' ELSE '(SELECT ($1).*)' END;
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    spec := string_to_array(TG_ARGV[i], ':');  -- constraint, column, referenced table, its column, scope[, 'own']
    IF spec[5] = 'tenant' THEN
      keys := format('SELECT DISTINCT n.tenant_id AS t, n.%1$I AS k FROM %2$s n WHERE n.%1$I IS NOT NULL', spec[2], src);
      key_order := 't, k';
      join_on := format('p.tenant_id = keys.t AND p.%I = keys.k', spec[4]);
    ELSE
      keys := format('SELECT DISTINCT n.%1$I AS k FROM %2$s n WHERE n.%1$I IS NOT NULL', spec[2], src);
      key_order := 'k';
      join_on := format('p.%I = keys.k', spec[4]);
    END IF;
    own_first := spec[6] IS NOT DISTINCT FROM 'own';
    own := 0;
    locked := 0;
    IF own_first THEN
      -- Rows this transaction wrote itself (an invoice and its lines, an entry and its lines) cannot be
      -- deleted by another before it commits: they are only found, not locked (a lock is a WAL record).
      complete := false;
      IF spec[5] = 'tenant' THEN
        -- A batch's own parents are, as a rule, neighbours in the primary key (uuidv7 ids of one
        -- tenant, drawn in order): one scan of the key range [lowest, highest], in key order and
        -- stopped after four times as many rows as keys (recognitions point at some of a chunk's
        -- schedules only), finds them all. Probing key by key costs about twice as much. A range
        -- holding more rows (keys spread out, like the contracts a chunk updated) or keys of several
        -- tenants fall back to those probes.
        EXECUTE format('WITH keys AS MATERIALIZED (%1$s),
                             b AS MATERIALIZED (SELECT (SELECT count(*) FROM keys) AS n, (SELECT count(DISTINCT t) FROM keys) AS tenants, (SELECT t FROM keys LIMIT 1) AS t,
                                                       (SELECT k FROM keys ORDER BY k LIMIT 1) AS lo, (SELECT k FROM keys ORDER BY k DESC LIMIT 1) AS hi),
                             span AS MATERIALIZED (SELECT r.k, r.x FROM b CROSS JOIN LATERAL (SELECT p.%2$I AS k, p.xmin AS x FROM %3$I p
                                                                                            WHERE p.tenant_id = b.t AND p.%2$I BETWEEN b.lo AND b.hi
                                                                                            ORDER BY p.tenant_id, p.%2$I LIMIT 4 * b.n + 256) r
                                                    WHERE b.tenants = 1)
                        SELECT b.n, b.tenants = 1 AND (SELECT count(*) FROM span) < 4 * b.n + 256,
                               (SELECT count(*) FROM (SELECT u.k FROM (SELECT k, true AS wanted, false AS own FROM keys
                                                                       UNION ALL SELECT k, false, x = pg_current_xact_id()::xid FROM span) u
                                                       GROUP BY u.k HAVING bool_or(u.wanted) AND bool_or(u.own)) matched)
                          FROM b', keys, spec[4], spec[3])
          INTO wanted, complete, own USING NEW;
      END IF;
      IF NOT complete THEN
        -- One index probe per key (the LIMIT keeps the planner from flattening it into a join).
        EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                        SELECT (SELECT count(*) FROM keys),
                               (SELECT count(*) FROM keys CROSS JOIN LATERAL (SELECT 1 FROM %2$I p WHERE %3$s AND p.xmin = pg_current_xact_id()::xid LIMIT 1) o)',
                       keys, spec[3], join_on)
          INTO wanted, own USING NEW;
      END IF;
      IF own < wanted THEN
        -- The others are key-share locked, in key order, probed one by one as above.
        EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                        SELECT count(*) FROM (SELECT * FROM keys ORDER BY %4$s) keys
                          CROSS JOIN LATERAL (SELECT 1 FROM %2$I p WHERE %3$s AND p.xmin <> pg_current_xact_id()::xid LIMIT 1 FOR KEY SHARE OF p) l',
                       keys, spec[3], join_on, key_order)
          INTO locked USING NEW;
      END IF;
    ELSE
      -- Every key key-share locked, in key order, in the query that counts them (probed one by one).
      EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                      SELECT (SELECT count(*) FROM keys),
                             (SELECT count(*) FROM (SELECT * FROM keys ORDER BY %4$s) keys
                                CROSS JOIN LATERAL (SELECT 1 FROM %2$I p WHERE %3$s LIMIT 1 FOR KEY SHARE OF p) l)',
                     keys, spec[3], join_on, key_order)
        INTO wanted, locked USING NEW;
    END IF;
    IF own + locked < wanted THEN
      IF spec[5] = 'tenant' THEN
        EXECUTE format('SELECT format(''(%%s, %%s)'', d.t, d.k) FROM (%s) d WHERE NOT EXISTS (SELECT 1 FROM %I p WHERE p.tenant_id = d.t AND p.%I = d.k) LIMIT 1',
                       keys, spec[3], spec[4]) INTO missing USING NEW;
      ELSE
        EXECUTE format('SELECT format(''(%%s)'', d.k) FROM (%s) d WHERE NOT EXISTS (SELECT 1 FROM %I p WHERE p.%I = d.k) LIMIT 1',
                       keys, spec[3], spec[4]) INTO missing USING NEW;
      END IF;
      RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%" (checked per statement)', TG_TABLE_NAME, spec[1]
        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = spec[1],
              DETAIL = format('Key (%s)=%s is not present in table "%s".', CASE WHEN spec[5] = 'tenant' THEN 'tenant_id, ' ELSE '' END || spec[2], missing, spec[3]);
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
