-- batch_references_check() (0030), same checks and locks, fewer index probes: a key whose row this
-- transaction wrote itself (an invoice's lines pointing at the invoices of the same chunk, an entry's
-- lines, the schedules and recognitions of the chunk) was probed twice, once to find it as the
-- transaction's own and again by the locking query, which then skipped it. The locking query now takes
-- only the keys not found as own (EXCEPT), so a renewal chunk probes its ~12,000 own keys once instead
-- of twice. Every other key is still key-share locked once, in key order; a missing key still raises
-- 23503 naming the constraint.
CREATE OR REPLACE FUNCTION batch_references_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  spec text[];
  src text;
  keys text;
  key_cols text;
  parent_cols text;
  own_cols text;
  wanted bigint;
  locked bigint;
  missing text;
BEGIN
  -- Statement level: the statement's rows; row level (an UPDATE of a referencing column): the new row.
  src := CASE WHEN TG_LEVEL = 'STATEMENT' THEN 'new_rows' ELSE '(SELECT ($1).*)' END;
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    spec := string_to_array(TG_ARGV[i], ':');  -- constraint, column, referenced table, its column, scope
    IF spec[5] = 'tenant' THEN
      keys := format('SELECT DISTINCT n.tenant_id AS t, n.%1$I AS k FROM %2$s n WHERE n.%1$I IS NOT NULL', spec[2], src);
      key_cols := 't, k';
      parent_cols := format('p.tenant_id, p.%I', spec[4]);
      own_cols := format('p.tenant_id AS t, p.%I AS k', spec[4]);
    ELSE
      keys := format('SELECT DISTINCT n.%1$I AS k FROM %2$s n WHERE n.%1$I IS NOT NULL', spec[2], src);
      key_cols := 'k';
      parent_cols := format('p.%I', spec[4]);
      own_cols := format('p.%I AS k', spec[4]);
    END IF;
    -- Rows this transaction wrote itself (an invoice and its lines, an entry and its lines) cannot be
    -- deleted by another before it commits: they are only found, not locked (a lock is a WAL record).
    -- The others are key-share locked, in key order.
    EXECUTE format('WITH keys AS MATERIALIZED (%1$s),
                         own AS MATERIALIZED (SELECT %4$s FROM %2$I p WHERE p.xmin = pg_current_xact_id()::xid AND (%3$s) IN (SELECT %5$s FROM keys)),
                         locked AS MATERIALIZED (SELECT 1 FROM %2$I p WHERE p.xmin <> pg_current_xact_id()::xid
                                                    AND (%3$s) IN (SELECT %5$s FROM keys EXCEPT SELECT %5$s FROM own) ORDER BY %3$s FOR KEY SHARE OF p)
                    SELECT (SELECT count(*) FROM keys), (SELECT count(*) FROM own) + (SELECT count(*) FROM locked)', keys, spec[3], parent_cols, own_cols, key_cols)
      INTO wanted, locked USING NEW;
    IF locked < wanted THEN
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
