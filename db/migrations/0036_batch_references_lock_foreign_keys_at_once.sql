-- batch_references_check() (0030, 0032, 0034): a reference may carry a sixth field, 'own', on the
-- insert triggers where the statement's parents are, as a rule, rows its own transaction wrote: an
-- invoice's lines point at the invoices of the same batch, schedules at those lines, recognitions at
-- those schedules and entries, journal lines at those entries, and a renewal chunk's invoices at the
-- contracts it updated first. Those references probe the keys for own rows first and key-share lock
-- the others only when some key is not own (0034). Every other reference (customers, products,
-- categories, tax rules, subscription items, accounts, currencies, the tenant, the run, ...) key-share
-- locks its keys in one query, in key order, without probing them for own rows first: locking a row the
-- transaction wrote itself is harmless (a wasted lock, as a row-by-row foreign key would take), and
-- those keys are seldom own. Same checks and errors; each referenced row that is not the transaction's
-- own is key-share locked exactly as before. The update triggers (row level) keep their arguments.
CREATE OR REPLACE FUNCTION batch_references_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET enable_memoize = off AS $$
DECLARE
  spec text[];
  src text;
  keys text;
  parent_cols text;
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
      parent_cols := format('p.tenant_id, p.%I', spec[4]);
      join_on := format('p.tenant_id = keys.t AND p.%I = keys.k', spec[4]);
    ELSE
      keys := format('SELECT DISTINCT n.%1$I AS k FROM %2$s n WHERE n.%1$I IS NOT NULL', spec[2], src);
      parent_cols := format('p.%I', spec[4]);
      join_on := format('p.%I = keys.k', spec[4]);
    END IF;
    own_first := spec[6] IS NOT DISTINCT FROM 'own';
    own := 0;
    locked := 0;
    IF own_first THEN
      -- Rows this transaction wrote itself (an invoice and its lines, an entry and its lines) cannot be
      -- deleted by another before it commits: they are only found, not locked (a lock is a WAL record).
      EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                      SELECT (SELECT count(*) FROM keys),
                             (SELECT count(*) FROM keys JOIN %2$I p ON %3$s WHERE p.xmin = pg_current_xact_id()::xid)', keys, spec[3], join_on)
        INTO wanted, own USING NEW;
      IF own < wanted THEN
        -- The others are key-share locked, in key order.
        EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                        SELECT count(*) FROM (SELECT 1 FROM keys JOIN %2$I p ON %3$s WHERE p.xmin <> pg_current_xact_id()::xid
                                               ORDER BY %4$s FOR KEY SHARE OF p) l', keys, spec[3], join_on, parent_cols)
          INTO locked USING NEW;
      END IF;
    ELSE
      -- Every key key-share locked, in key order, in the query that counts them.
      EXECUTE format('WITH keys AS MATERIALIZED (%1$s)
                      SELECT (SELECT count(*) FROM keys),
                             (SELECT count(*) FROM (SELECT 1 FROM keys JOIN %2$I p ON %3$s ORDER BY %4$s FOR KEY SHARE OF p) l)', keys, spec[3], join_on, parent_cols)
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
CREATE OR REPLACE TRIGGER invoices_references_on_insert AFTER INSERT ON "invoices" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('invoices_tenant:tenant_id:tenants:id:global', 'invoices_currency:currency:currencies:code:global', 'invoices_created_by:created_by:users:id:global', 'invoices_customer:customer_id:customers:id:tenant', 'invoices_reseller:reseller_id:resellers:id:tenant', 'invoices_subscription:subscription_id:subscriptions:id:tenant:own', 'invoices_order:order_id:orders:id:tenant', 'invoices_shipment:shipment_id:shipments:id:tenant', 'invoices_billing_run:billing_run_id:billing_runs:id:tenant');--> statement-breakpoint
CREATE OR REPLACE TRIGGER invoice_lines_references_on_insert AFTER INSERT ON "invoice_lines" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('invoice_lines_tenant:tenant_id:tenants:id:global', 'invoice_lines_invoice:invoice_id:invoices:id:tenant:own', 'invoice_lines_product:product_id:products:id:tenant', 'invoice_lines_category:category_id:product_categories:id:tenant', 'invoice_lines_tax_rule:tax_rule_id:tax_rules:id:tenant', 'invoice_lines_subscription_item:subscription_item_id:subscription_items:id:tenant', 'invoice_lines_order_line:order_line_id:order_lines:id:tenant');--> statement-breakpoint
CREATE OR REPLACE TRIGGER revenue_schedules_references_on_insert AFTER INSERT ON "revenue_schedules" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('revenue_schedules_tenant:tenant_id:tenants:id:global', 'revenue_schedules_invoice_line:invoice_line_id:invoice_lines:id:tenant:own');--> statement-breakpoint
CREATE OR REPLACE TRIGGER revenue_recognitions_references_on_insert AFTER INSERT ON "revenue_recognitions" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('revenue_recognitions_tenant:tenant_id:tenants:id:global', 'revenue_recognitions_schedule:schedule_id:revenue_schedules:id:tenant:own', 'revenue_recognitions_credit_note:credit_note_id:credit_notes:id:tenant', 'revenue_recognitions_journal_entry:journal_entry_id:journal_entries:id:tenant:own');--> statement-breakpoint
CREATE OR REPLACE TRIGGER journal_lines_references_on_insert AFTER INSERT ON "journal_lines" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('journal_lines_tenant:tenant_id:tenants:id:global', 'journal_lines_currency:currency:currencies:code:global', 'journal_lines_entry:entry_id:journal_entries:id:tenant:own', 'journal_lines_account:account_id:ledger_accounts:id:tenant', 'journal_lines_customer:customer_id:customers:id:tenant', 'journal_lines_reseller:reseller_id:resellers:id:tenant');
