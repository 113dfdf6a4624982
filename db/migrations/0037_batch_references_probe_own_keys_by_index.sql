-- batch_references_check() (0030, 0032, 0034, 0036): each reference probes the parent table once per key
-- (a LATERAL lookup by its primary key) instead of joining the statement's keys to it. As a
-- join the plan depended on the parent's statistics: a table that had grown since it was last analyzed
-- (a renewal run fills invoices and journal_entries from nothing) was estimated at a few rows, and each
-- of a chunk's 2,000 keys was compared with every invoice of the chunk, 4 M comparisons per statement,
-- about 40% of the run's database time. The per-key probe is what a foreign key does, whatever the
-- statistics; the locks are still taken in key order. Same checks, locks and errors.
CREATE OR REPLACE FUNCTION batch_references_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET enable_memoize = off AS $$
DECLARE
  spec text[];
  src text;
  keys text;
  key_order text;
  join_on text;
  own_first boolean;
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
      -- One index probe per key (the LIMIT keeps the planner from flattening it into a join): planned
      -- as a join, a parent table that grew since it was last analyzed looked nearly empty, and the
      -- keys were compared with each of its rows (a renewal chunk's 2,000 lines x 2,000 invoices).
      EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                      SELECT (SELECT count(*) FROM keys),
                             (SELECT count(*) FROM keys CROSS JOIN LATERAL (SELECT 1 FROM %2$I p WHERE %3$s AND p.xmin = pg_current_xact_id()::xid LIMIT 1) o)',
                     keys, spec[3], join_on)
        INTO wanted, own USING NEW;
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
