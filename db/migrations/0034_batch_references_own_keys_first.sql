-- batch_references_check() (0030, 0032), same checks, locks and errors, less work when every key is the
-- transaction's own row: the keys an invoice's lines, schedules, recognitions and journal lines point
-- at (the chunk's invoices, lines, schedules and entries, and the contracts it updated). One query
-- counts the statement's distinct keys and probes each once for a row this transaction wrote; only when
-- some key is not such a row does a second query key-share lock the others, in key order (0032 ran the
-- locking part, an EXCEPT of two sorted key sets, for every reference). Keys are joined, not IN'd (they
-- are distinct already), and the probes are not memoized (every key is looked up once).
CREATE OR REPLACE FUNCTION batch_references_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET enable_memoize = off AS $$
DECLARE
  spec text[];
  src text;
  keys text;
  parent_cols text;
  join_on text;
  wanted bigint;
  own bigint;
  locked bigint;
  missing text;
BEGIN
  -- Statement level: the statement's rows; row level (an UPDATE of a referencing column): the new row.
  src := CASE WHEN TG_LEVEL = 'STATEMENT' THEN 'new_rows' ELSE '(SELECT ($1).*)' END;
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    spec := string_to_array(TG_ARGV[i], ':');  -- constraint, column, referenced table, its column, scope
    IF spec[5] = 'tenant' THEN
      keys := format('SELECT DISTINCT n.tenant_id AS t, n.%1$I AS k FROM %2$s n WHERE n.%1$I IS NOT NULL', spec[2], src);
      parent_cols := format('p.tenant_id, p.%I', spec[4]);
      join_on := format('p.tenant_id = keys.t AND p.%I = keys.k', spec[4]);
    ELSE
      keys := format('SELECT DISTINCT n.%1$I AS k FROM %2$s n WHERE n.%1$I IS NOT NULL', spec[2], src);
      parent_cols := format('p.%I', spec[4]);
      join_on := format('p.%I = keys.k', spec[4]);
    END IF;
    -- Rows this transaction wrote itself (an invoice and its lines, an entry and its lines) cannot be
    -- deleted by another before it commits: they are only found, not locked (a lock is a WAL record).
    EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                    SELECT (SELECT count(*) FROM keys),
                           (SELECT count(*) FROM keys JOIN %2$I p ON %3$s WHERE p.xmin = pg_current_xact_id()::xid)', keys, spec[3], join_on)
      INTO wanted, own USING NEW;
    locked := 0;
    IF own < wanted THEN
      -- The others are key-share locked, in key order.
      EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                      SELECT count(*) FROM (SELECT 1 FROM keys JOIN %2$I p ON %3$s WHERE p.xmin <> pg_current_xact_id()::xid
                                             ORDER BY %4$s FOR KEY SHARE OF p) l', keys, spec[3], join_on, parent_cols)
        INTO locked USING NEW;
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
