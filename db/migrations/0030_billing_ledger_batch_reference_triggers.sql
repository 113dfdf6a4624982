-- Invoices, invoice lines, revenue schedules and recognitions, journal entries and journal lines: their
-- references are checked once per STATEMENT instead of once per row. 0021 dropped the 30 row-by-row
-- foreign keys of these six tables: a renewal chunk of 2,000 contracts fired about 49 RI triggers per
-- contract (an SPI query and a key-share lock each), more than half of every insert. The triggers below
-- keep what those keys guaranteed, set-based (like 0011 did for usage_events):
--   * insert: every DISTINCT referenced key of the statement (transition table) must exist in the
--     referenced table, with the same tenant_id for tenant tables; each is key-share locked once, in key
--     order. A missing, deleted-in-flight or other-tenant key raises 23503 (foreign_key_violation) and
--     fails the whole statement, like a foreign key.
--   * update of a referencing column (row level, only when one is in the SET list): the same check for
--     the new row.
--   * the referenced side (ON DELETE/UPDATE NO ACTION): deleting a referenced row, or changing its key,
--     raises 23503 after the statement; deletes are checked set-based over the statement's old rows.
--     TRUNCATE of a referenced table is refused while a referencing table has rows (TRUNCATE ... CASCADE
--     follows foreign keys only).
-- Concurrency is that of a foreign key under READ COMMITTED (the app's level): an insert in flight holds
-- key-share locks, so a concurrent delete waits and then sees its rows and fails; a delete in flight
-- makes the insert's lock find no row, and it fails. (A REPEATABLE READ deleter could miss rows committed
-- after its snapshot, where a foreign key would raise 40001; nothing in the app deletes these parents.)
-- The functions run as tributary_lookup (BYPASSRLS): like foreign-key checks they see every row whatever
-- the session's scope, so a cross-tenant id fails even in system scope and a guard never misses a
-- referencing row hidden by RLS. Trigger arguments are 'constraint:column:table:column:scope' with
-- scope 'tenant' (the key includes tenant_id) or 'global' (currencies, users, tenants).
GRANT CREATE ON SCHEMA public TO tributary_lookup;--> statement-breakpoint

CREATE FUNCTION batch_references_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  spec text[];
  src text;
  keys text;
  parent_keys text;
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
      parent_keys := format('(p.tenant_id, p.%I) IN (SELECT t, k FROM keys) ORDER BY p.tenant_id, p.%I', spec[4], spec[4]);
    ELSE
      keys := format('SELECT DISTINCT n.%1$I AS k FROM %2$s n WHERE n.%1$I IS NOT NULL', spec[2], src);
      parent_keys := format('p.%I IN (SELECT k FROM keys) ORDER BY p.%I', spec[4], spec[4]);
    END IF;
    -- Rows this transaction inserted itself (an invoice and its lines, an entry and its lines) cannot be
    -- deleted by another before it commits: they are only found, not locked (a lock is a WAL record).
    EXECUTE format('WITH keys AS MATERIALIZED (%1$s),
                         own AS MATERIALIZED (SELECT 1 FROM %2$I p WHERE p.xmin = pg_current_xact_id()::xid AND %3$s),
                         locked AS MATERIALIZED (SELECT 1 FROM %2$I p WHERE p.xmin <> pg_current_xact_id()::xid AND %3$s FOR KEY SHARE OF p)
                    SELECT (SELECT count(*) FROM keys), (SELECT count(*) FROM own) + (SELECT count(*) FROM locked)', keys, spec[3], parent_keys)
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
END $$;--> statement-breakpoint
ALTER FUNCTION batch_references_check() OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION batch_references_check() FROM PUBLIC;--> statement-breakpoint

-- The referenced side. Arguments: 'constraint:referencing table:its column:referenced column:scope'.
CREATE FUNCTION batch_references_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  spec text[];
  changed boolean;
  found text;
BEGIN
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    spec := string_to_array(TG_ARGV[i], ':');
    found := NULL;
    IF TG_OP = 'TRUNCATE' THEN
      EXECUTE format('SELECT ''(any row)'' FROM %I LIMIT 1', spec[2]) INTO found;
    ELSIF TG_OP = 'DELETE' THEN
      IF spec[5] = 'tenant' THEN
        EXECUTE format('SELECT format(''(%%s, %%s)'', o.tenant_id, o.%2$I) FROM old_rows o WHERE EXISTS (SELECT 1 FROM %1$I c WHERE c.tenant_id = o.tenant_id AND c.%3$I = o.%2$I) LIMIT 1',
                       spec[2], spec[4], spec[3]) INTO found;
      ELSE
        EXECUTE format('SELECT format(''(%%s)'', o.%2$I) FROM old_rows o WHERE EXISTS (SELECT 1 FROM %1$I c WHERE c.%3$I = o.%2$I) LIMIT 1',
                       spec[2], spec[4], spec[3]) INTO found;
      END IF;
    ELSE
      -- UPDATE, row level: only a changed key matters.
      IF spec[5] = 'tenant' THEN
        EXECUTE format('SELECT ($1).tenant_id IS DISTINCT FROM ($2).tenant_id OR ($1).%1$I IS DISTINCT FROM ($2).%1$I', spec[4]) INTO changed USING OLD, NEW;
        IF changed THEN
          EXECUTE format('SELECT format(''(%%s, %%s)'', ($1).tenant_id, ($1).%2$I) WHERE EXISTS (SELECT 1 FROM %1$I c WHERE c.tenant_id = ($1).tenant_id AND c.%3$I = ($1).%2$I)',
                         spec[2], spec[4], spec[3]) INTO found USING OLD;
        END IF;
      ELSE
        EXECUTE format('SELECT ($1).%1$I IS DISTINCT FROM ($2).%1$I', spec[4]) INTO changed USING OLD, NEW;
        IF changed THEN
          EXECUTE format('SELECT format(''(%%s)'', ($1).%2$I) WHERE EXISTS (SELECT 1 FROM %1$I c WHERE c.%3$I = ($1).%2$I)',
                         spec[2], spec[4], spec[3]) INTO found USING OLD;
        END IF;
      END IF;
    END IF;
    IF found IS NOT NULL THEN
      RAISE EXCEPTION '% on table "%" violates foreign key constraint "%" on table "%" (checked per statement)',
          CASE TG_OP WHEN 'TRUNCATE' THEN 'truncate' ELSE 'update or delete' END, TG_TABLE_NAME, spec[1], spec[2]
        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = spec[1],
              DETAIL = format('Key %s is still referenced from table "%s".', found, spec[2]),
              HINT = CASE WHEN TG_OP = 'TRUNCATE' THEN format('Truncate %s first, in its own statement.', spec[2]) ELSE '' END;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
ALTER FUNCTION batch_references_guard() OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION batch_references_guard() FROM PUBLIC;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tributary_lookup;--> statement-breakpoint

-- What the functions read, and the key-share locks (which need UPDATE on one column; they never update).
GRANT SELECT ON "billing_runs", "credit_notes", "currencies", "customers", "invoice_lines", "invoices", "journal_entries", "journal_lines", "ledger_accounts", "order_lines", "orders", "product_categories", "products", "resellers", "revenue_recognitions", "revenue_schedules", "shipments", "subscription_items", "subscriptions", "tax_rules", "tenants", "users" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "billing_runs" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "credit_notes" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("code") ON "currencies" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "customers" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "invoice_lines" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "invoices" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "journal_entries" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "ledger_accounts" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "order_lines" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "orders" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "product_categories" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "products" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "resellers" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "revenue_schedules" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "shipments" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "subscription_items" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "subscriptions" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "tax_rules" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "tenants" TO tributary_lookup;--> statement-breakpoint
GRANT UPDATE ("id") ON "users" TO tributary_lookup;--> statement-breakpoint

CREATE TRIGGER invoices_references_on_insert AFTER INSERT ON "invoices"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('invoices_tenant:tenant_id:tenants:id:global', 'invoices_currency:currency:currencies:code:global', 'invoices_created_by:created_by:users:id:global', 'invoices_customer:customer_id:customers:id:tenant', 'invoices_reseller:reseller_id:resellers:id:tenant', 'invoices_subscription:subscription_id:subscriptions:id:tenant', 'invoices_order:order_id:orders:id:tenant', 'invoices_shipment:shipment_id:shipments:id:tenant', 'invoices_billing_run:billing_run_id:billing_runs:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoices_references_on_update AFTER UPDATE OF billing_run_id, created_by, currency, customer_id, order_id, reseller_id, shipment_id, subscription_id, tenant_id ON "invoices"
  FOR EACH ROW EXECUTE FUNCTION batch_references_check('invoices_tenant:tenant_id:tenants:id:global', 'invoices_currency:currency:currencies:code:global', 'invoices_created_by:created_by:users:id:global', 'invoices_customer:customer_id:customers:id:tenant', 'invoices_reseller:reseller_id:resellers:id:tenant', 'invoices_subscription:subscription_id:subscriptions:id:tenant', 'invoices_order:order_id:orders:id:tenant', 'invoices_shipment:shipment_id:shipments:id:tenant', 'invoices_billing_run:billing_run_id:billing_runs:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoice_lines_references_on_insert AFTER INSERT ON "invoice_lines"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('invoice_lines_tenant:tenant_id:tenants:id:global', 'invoice_lines_invoice:invoice_id:invoices:id:tenant', 'invoice_lines_product:product_id:products:id:tenant', 'invoice_lines_category:category_id:product_categories:id:tenant', 'invoice_lines_tax_rule:tax_rule_id:tax_rules:id:tenant', 'invoice_lines_subscription_item:subscription_item_id:subscription_items:id:tenant', 'invoice_lines_order_line:order_line_id:order_lines:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoice_lines_references_on_update AFTER UPDATE OF category_id, invoice_id, order_line_id, product_id, subscription_item_id, tax_rule_id, tenant_id ON "invoice_lines"
  FOR EACH ROW EXECUTE FUNCTION batch_references_check('invoice_lines_tenant:tenant_id:tenants:id:global', 'invoice_lines_invoice:invoice_id:invoices:id:tenant', 'invoice_lines_product:product_id:products:id:tenant', 'invoice_lines_category:category_id:product_categories:id:tenant', 'invoice_lines_tax_rule:tax_rule_id:tax_rules:id:tenant', 'invoice_lines_subscription_item:subscription_item_id:subscription_items:id:tenant', 'invoice_lines_order_line:order_line_id:order_lines:id:tenant');--> statement-breakpoint
CREATE TRIGGER revenue_schedules_references_on_insert AFTER INSERT ON "revenue_schedules"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('revenue_schedules_tenant:tenant_id:tenants:id:global', 'revenue_schedules_invoice_line:invoice_line_id:invoice_lines:id:tenant');--> statement-breakpoint
CREATE TRIGGER revenue_schedules_references_on_update AFTER UPDATE OF invoice_line_id, tenant_id ON "revenue_schedules"
  FOR EACH ROW EXECUTE FUNCTION batch_references_check('revenue_schedules_tenant:tenant_id:tenants:id:global', 'revenue_schedules_invoice_line:invoice_line_id:invoice_lines:id:tenant');--> statement-breakpoint
CREATE TRIGGER revenue_recognitions_references_on_insert AFTER INSERT ON "revenue_recognitions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('revenue_recognitions_tenant:tenant_id:tenants:id:global', 'revenue_recognitions_schedule:schedule_id:revenue_schedules:id:tenant', 'revenue_recognitions_credit_note:credit_note_id:credit_notes:id:tenant', 'revenue_recognitions_journal_entry:journal_entry_id:journal_entries:id:tenant');--> statement-breakpoint
CREATE TRIGGER revenue_recognitions_references_on_update AFTER UPDATE OF credit_note_id, journal_entry_id, schedule_id, tenant_id ON "revenue_recognitions"
  FOR EACH ROW EXECUTE FUNCTION batch_references_check('revenue_recognitions_tenant:tenant_id:tenants:id:global', 'revenue_recognitions_schedule:schedule_id:revenue_schedules:id:tenant', 'revenue_recognitions_credit_note:credit_note_id:credit_notes:id:tenant', 'revenue_recognitions_journal_entry:journal_entry_id:journal_entries:id:tenant');--> statement-breakpoint
CREATE TRIGGER journal_entries_references_on_insert AFTER INSERT ON "journal_entries"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('journal_entries_tenant:tenant_id:tenants:id:global', 'journal_entries_created_by:created_by:users:id:global');--> statement-breakpoint
CREATE TRIGGER journal_entries_references_on_update AFTER UPDATE OF created_by, tenant_id ON "journal_entries"
  FOR EACH ROW EXECUTE FUNCTION batch_references_check('journal_entries_tenant:tenant_id:tenants:id:global', 'journal_entries_created_by:created_by:users:id:global');--> statement-breakpoint
CREATE TRIGGER journal_lines_references_on_insert AFTER INSERT ON "journal_lines"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('journal_lines_tenant:tenant_id:tenants:id:global', 'journal_lines_currency:currency:currencies:code:global', 'journal_lines_entry:entry_id:journal_entries:id:tenant', 'journal_lines_account:account_id:ledger_accounts:id:tenant', 'journal_lines_customer:customer_id:customers:id:tenant', 'journal_lines_reseller:reseller_id:resellers:id:tenant');--> statement-breakpoint
CREATE TRIGGER journal_lines_references_on_update AFTER UPDATE OF account_id, currency, customer_id, entry_id, reseller_id, tenant_id ON "journal_lines"
  FOR EACH ROW EXECUTE FUNCTION batch_references_check('journal_lines_tenant:tenant_id:tenants:id:global', 'journal_lines_currency:currency:currencies:code:global', 'journal_lines_entry:entry_id:journal_entries:id:tenant', 'journal_lines_account:account_id:ledger_accounts:id:tenant', 'journal_lines_customer:customer_id:customers:id:tenant', 'journal_lines_reseller:reseller_id:resellers:id:tenant');--> statement-breakpoint

CREATE TRIGGER billing_runs_referenced_on_delete AFTER DELETE ON "billing_runs"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_billing_run:invoices:billing_run_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER billing_runs_referenced_on_update AFTER UPDATE OF tenant_id, id ON "billing_runs"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_billing_run:invoices:billing_run_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER billing_runs_referenced_on_truncate BEFORE TRUNCATE ON "billing_runs"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_billing_run:invoices:billing_run_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER credit_notes_referenced_on_delete AFTER DELETE ON "credit_notes"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('revenue_recognitions_credit_note:revenue_recognitions:credit_note_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER credit_notes_referenced_on_update AFTER UPDATE OF tenant_id, id ON "credit_notes"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('revenue_recognitions_credit_note:revenue_recognitions:credit_note_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER credit_notes_referenced_on_truncate BEFORE TRUNCATE ON "credit_notes"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('revenue_recognitions_credit_note:revenue_recognitions:credit_note_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER currencies_referenced_on_delete AFTER DELETE ON "currencies"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_currency:invoices:currency:code:global', 'journal_lines_currency:journal_lines:currency:code:global');--> statement-breakpoint
CREATE TRIGGER currencies_referenced_on_update AFTER UPDATE OF code ON "currencies"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_currency:invoices:currency:code:global', 'journal_lines_currency:journal_lines:currency:code:global');--> statement-breakpoint
CREATE TRIGGER currencies_referenced_on_truncate BEFORE TRUNCATE ON "currencies"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_currency:invoices:currency:code:global', 'journal_lines_currency:journal_lines:currency:code:global');--> statement-breakpoint
CREATE TRIGGER customers_referenced_on_delete AFTER DELETE ON "customers"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_customer:invoices:customer_id:id:tenant', 'journal_lines_customer:journal_lines:customer_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER customers_referenced_on_update AFTER UPDATE OF tenant_id, id ON "customers"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_customer:invoices:customer_id:id:tenant', 'journal_lines_customer:journal_lines:customer_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER customers_referenced_on_truncate BEFORE TRUNCATE ON "customers"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_customer:invoices:customer_id:id:tenant', 'journal_lines_customer:journal_lines:customer_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoice_lines_referenced_on_delete AFTER DELETE ON "invoice_lines"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('revenue_schedules_invoice_line:revenue_schedules:invoice_line_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoice_lines_referenced_on_update AFTER UPDATE OF tenant_id, id ON "invoice_lines"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('revenue_schedules_invoice_line:revenue_schedules:invoice_line_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoice_lines_referenced_on_truncate BEFORE TRUNCATE ON "invoice_lines"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('revenue_schedules_invoice_line:revenue_schedules:invoice_line_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoices_referenced_on_delete AFTER DELETE ON "invoices"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_invoice:invoice_lines:invoice_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoices_referenced_on_update AFTER UPDATE OF tenant_id, id ON "invoices"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoice_lines_invoice:invoice_lines:invoice_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER invoices_referenced_on_truncate BEFORE TRUNCATE ON "invoices"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_invoice:invoice_lines:invoice_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER journal_entries_referenced_on_delete AFTER DELETE ON "journal_entries"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('revenue_recognitions_journal_entry:revenue_recognitions:journal_entry_id:id:tenant', 'journal_lines_entry:journal_lines:entry_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER journal_entries_referenced_on_update AFTER UPDATE OF tenant_id, id ON "journal_entries"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('revenue_recognitions_journal_entry:revenue_recognitions:journal_entry_id:id:tenant', 'journal_lines_entry:journal_lines:entry_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER journal_entries_referenced_on_truncate BEFORE TRUNCATE ON "journal_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('revenue_recognitions_journal_entry:revenue_recognitions:journal_entry_id:id:tenant', 'journal_lines_entry:journal_lines:entry_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER ledger_accounts_referenced_on_delete AFTER DELETE ON "ledger_accounts"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('journal_lines_account:journal_lines:account_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER ledger_accounts_referenced_on_update AFTER UPDATE OF tenant_id, id ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('journal_lines_account:journal_lines:account_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER ledger_accounts_referenced_on_truncate BEFORE TRUNCATE ON "ledger_accounts"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('journal_lines_account:journal_lines:account_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER order_lines_referenced_on_delete AFTER DELETE ON "order_lines"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_order_line:invoice_lines:order_line_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER order_lines_referenced_on_update AFTER UPDATE OF tenant_id, id ON "order_lines"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoice_lines_order_line:invoice_lines:order_line_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER order_lines_referenced_on_truncate BEFORE TRUNCATE ON "order_lines"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_order_line:invoice_lines:order_line_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER orders_referenced_on_delete AFTER DELETE ON "orders"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_order:invoices:order_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER orders_referenced_on_update AFTER UPDATE OF tenant_id, id ON "orders"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_order:invoices:order_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER orders_referenced_on_truncate BEFORE TRUNCATE ON "orders"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_order:invoices:order_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER product_categories_referenced_on_delete AFTER DELETE ON "product_categories"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_category:invoice_lines:category_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER product_categories_referenced_on_update AFTER UPDATE OF tenant_id, id ON "product_categories"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoice_lines_category:invoice_lines:category_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER product_categories_referenced_on_truncate BEFORE TRUNCATE ON "product_categories"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_category:invoice_lines:category_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER products_referenced_on_delete AFTER DELETE ON "products"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_product:invoice_lines:product_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER products_referenced_on_update AFTER UPDATE OF tenant_id, id ON "products"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoice_lines_product:invoice_lines:product_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER products_referenced_on_truncate BEFORE TRUNCATE ON "products"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_product:invoice_lines:product_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER resellers_referenced_on_delete AFTER DELETE ON "resellers"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_reseller:invoices:reseller_id:id:tenant', 'journal_lines_reseller:journal_lines:reseller_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER resellers_referenced_on_update AFTER UPDATE OF tenant_id, id ON "resellers"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_reseller:invoices:reseller_id:id:tenant', 'journal_lines_reseller:journal_lines:reseller_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER resellers_referenced_on_truncate BEFORE TRUNCATE ON "resellers"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_reseller:invoices:reseller_id:id:tenant', 'journal_lines_reseller:journal_lines:reseller_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER revenue_schedules_referenced_on_delete AFTER DELETE ON "revenue_schedules"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('revenue_recognitions_schedule:revenue_recognitions:schedule_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER revenue_schedules_referenced_on_update AFTER UPDATE OF tenant_id, id ON "revenue_schedules"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('revenue_recognitions_schedule:revenue_recognitions:schedule_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER revenue_schedules_referenced_on_truncate BEFORE TRUNCATE ON "revenue_schedules"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('revenue_recognitions_schedule:revenue_recognitions:schedule_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER shipments_referenced_on_delete AFTER DELETE ON "shipments"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_shipment:invoices:shipment_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER shipments_referenced_on_update AFTER UPDATE OF tenant_id, id ON "shipments"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_shipment:invoices:shipment_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER shipments_referenced_on_truncate BEFORE TRUNCATE ON "shipments"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_shipment:invoices:shipment_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER subscription_items_referenced_on_delete AFTER DELETE ON "subscription_items"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_subscription_item:invoice_lines:subscription_item_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER subscription_items_referenced_on_update AFTER UPDATE OF tenant_id, id ON "subscription_items"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoice_lines_subscription_item:invoice_lines:subscription_item_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER subscription_items_referenced_on_truncate BEFORE TRUNCATE ON "subscription_items"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_subscription_item:invoice_lines:subscription_item_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER subscriptions_referenced_on_delete AFTER DELETE ON "subscriptions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_subscription:invoices:subscription_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER subscriptions_referenced_on_update AFTER UPDATE OF tenant_id, id ON "subscriptions"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_subscription:invoices:subscription_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER subscriptions_referenced_on_truncate BEFORE TRUNCATE ON "subscriptions"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_subscription:invoices:subscription_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER tax_rules_referenced_on_delete AFTER DELETE ON "tax_rules"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_tax_rule:invoice_lines:tax_rule_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER tax_rules_referenced_on_update AFTER UPDATE OF tenant_id, id ON "tax_rules"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoice_lines_tax_rule:invoice_lines:tax_rule_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER tax_rules_referenced_on_truncate BEFORE TRUNCATE ON "tax_rules"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoice_lines_tax_rule:invoice_lines:tax_rule_id:id:tenant');--> statement-breakpoint
CREATE TRIGGER tenants_referenced_on_delete AFTER DELETE ON "tenants"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_tenant:invoices:tenant_id:id:global', 'invoice_lines_tenant:invoice_lines:tenant_id:id:global', 'revenue_schedules_tenant:revenue_schedules:tenant_id:id:global', 'revenue_recognitions_tenant:revenue_recognitions:tenant_id:id:global', 'journal_entries_tenant:journal_entries:tenant_id:id:global', 'journal_lines_tenant:journal_lines:tenant_id:id:global');--> statement-breakpoint
CREATE TRIGGER tenants_referenced_on_update AFTER UPDATE OF id ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_tenant:invoices:tenant_id:id:global', 'invoice_lines_tenant:invoice_lines:tenant_id:id:global', 'revenue_schedules_tenant:revenue_schedules:tenant_id:id:global', 'revenue_recognitions_tenant:revenue_recognitions:tenant_id:id:global', 'journal_entries_tenant:journal_entries:tenant_id:id:global', 'journal_lines_tenant:journal_lines:tenant_id:id:global');--> statement-breakpoint
CREATE TRIGGER tenants_referenced_on_truncate BEFORE TRUNCATE ON "tenants"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_tenant:invoices:tenant_id:id:global', 'invoice_lines_tenant:invoice_lines:tenant_id:id:global', 'revenue_schedules_tenant:revenue_schedules:tenant_id:id:global', 'revenue_recognitions_tenant:revenue_recognitions:tenant_id:id:global', 'journal_entries_tenant:journal_entries:tenant_id:id:global', 'journal_lines_tenant:journal_lines:tenant_id:id:global');--> statement-breakpoint
CREATE TRIGGER users_referenced_on_delete AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_created_by:invoices:created_by:id:global', 'journal_entries_created_by:journal_entries:created_by:id:global');--> statement-breakpoint
CREATE TRIGGER users_referenced_on_update AFTER UPDATE OF id ON "users"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_created_by:invoices:created_by:id:global', 'journal_entries_created_by:journal_entries:created_by:id:global');--> statement-breakpoint
CREATE TRIGGER users_referenced_on_truncate BEFORE TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_created_by:invoices:created_by:id:global', 'journal_entries_created_by:journal_entries:created_by:id:global');
