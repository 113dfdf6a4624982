-- References to parents nobody deletes in the course of business are checked without row locks.
--
-- batch_references_check() key-share locked every parent key a statement refers to (other than the
-- transaction's own rows), as a foreign key does, so that a concurrent delete of the parent waits for the
-- inserting transaction and then finds its rows. A renewal run locked 174,000 subscription items and
-- 12,000 customers that way per 100,000 contracts: a WAL record and a dirtied page each (and a full-page
-- image of each page first touched after a checkpoint, ~55 MB of WAL), for parents the app never deletes.
--
-- For the references marked 'unlocked' the protection moves to the rare side: a delete (or key change) of
-- the parent first takes a SHARE lock on each referencing table (referencing_tables_locked(), BEFORE, per
-- statement). SHARE conflicts with the ROW EXCLUSIVE lock every inserting transaction holds until it ends,
-- so the delete waits for the inserts in flight; its AFTER guard (batch_references_guard) then sees their
-- rows and refuses, and inserts that start later wait for the delete and then no longer find the parent.
-- The inserts' checks only probe such keys. Marked: invoice lines -> subscription items, invoices and
-- journal lines -> customers. A deleter must run under READ COMMITTED (an older snapshot would not see
-- what it waited for), and an inserter under another isolation level still takes the locks.
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
    spec := string_to_array(TG_ARGV[i], ':');  -- constraint, column, referenced table, its column, scope[, 'own' | 'unlocked']
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
    ELSIF spec[6] IS NOT DISTINCT FROM 'unlocked' AND current_setting('transaction_isolation') = 'read committed' THEN
      -- A parent whose delete or key change first locks this table in SHARE mode (referencing_tables_locked()):
      -- it waits for this statement's transaction and then sees its rows, so the keys are only probed,
      -- not locked. Under READ COMMITTED only: this probe's snapshot is taken after this statement took
      -- its table lock, so it sees any such delete that committed before. A transaction with an older
      -- snapshot (REPEATABLE READ, SERIALIZABLE) locks the keys below, as a foreign key would.
      EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                      SELECT (SELECT count(*) FROM keys),
                             (SELECT count(*) FROM keys CROSS JOIN LATERAL (SELECT 1 FROM %2$I p WHERE %3$s LIMIT 1) l)',
                     keys, spec[3], join_on)
        INTO wanted, locked USING NEW;
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
END $$;--> statement-breakpoint

CREATE FUNCTION referencing_tables_locked() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'delete or key change on table "%" must run under READ COMMITTED', TG_TABLE_NAME
      USING ERRCODE = 'feature_not_supported',
            DETAIL = 'Its references are checked when this statement has waited for the inserts in flight; an older snapshot would not see them.';
  END IF;
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    EXECUTE format('LOCK TABLE %I IN SHARE MODE', TG_ARGV[i]);
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION referencing_tables_locked() FROM PUBLIC;--> statement-breakpoint

CREATE TRIGGER subscription_items_referencing_locked BEFORE DELETE OR UPDATE OF tenant_id, id ON "subscription_items"
  FOR EACH STATEMENT EXECUTE FUNCTION referencing_tables_locked('invoice_lines');--> statement-breakpoint
CREATE TRIGGER customers_referencing_locked BEFORE DELETE OR UPDATE OF tenant_id, id ON "customers"
  FOR EACH STATEMENT EXECUTE FUNCTION referencing_tables_locked('invoices', 'journal_lines');--> statement-breakpoint

CREATE OR REPLACE TRIGGER invoices_references_on_insert AFTER INSERT ON "invoices"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('invoices_tenant:tenant_id:tenants:id:global', 'invoices_currency:currency:currencies:code:global', 'invoices_created_by:created_by:users:id:global', 'invoices_customer:customer_id:customers:id:tenant:unlocked', 'invoices_reseller:reseller_id:resellers:id:tenant', 'invoices_subscription:subscription_id:subscriptions:id:tenant:own', 'invoices_order:order_id:orders:id:tenant', 'invoices_shipment:shipment_id:shipments:id:tenant', 'invoices_billing_run:billing_run_id:billing_runs:id:tenant');--> statement-breakpoint
CREATE OR REPLACE TRIGGER invoice_lines_references_on_insert AFTER INSERT ON "invoice_lines"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('invoice_lines_tenant:tenant_id:tenants:id:global', 'invoice_lines_invoice:invoice_id:invoices:id:tenant:own', 'invoice_lines_product:product_id:products:id:tenant', 'invoice_lines_category:category_id:product_categories:id:tenant', 'invoice_lines_tax_rule:tax_rule_id:tax_rules:id:tenant', 'invoice_lines_subscription_item:subscription_item_id:subscription_items:id:tenant:unlocked', 'invoice_lines_order_line:order_line_id:order_lines:id:tenant');--> statement-breakpoint
CREATE OR REPLACE TRIGGER journal_lines_references_on_insert AFTER INSERT ON "journal_lines"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('journal_lines_tenant:tenant_id:tenants:id:global', 'journal_lines_currency:currency:currencies:code:global', 'journal_lines_entry:entry_id:journal_entries:id:tenant:own', 'journal_lines_account:account_id:ledger_accounts:id:tenant', 'journal_lines_customer:customer_id:customers:id:tenant:unlocked', 'journal_lines_reseller:reseller_id:resellers:id:tenant');
