-- usage_events -> subscriptions and usage_events -> meters, enforced set-based. 0010 dropped the
-- three row-by-row foreign keys of usage_events (tenants, subscriptions, meters): each checked and
-- key-share locked the referenced row once per inserted row (an SPI query per key per event, and
-- multixacts when concurrent batches lock the same contracts). These triggers check and lock each
-- DISTINCT contract and meter once per statement, over the statement's transition table, and guard
-- the referenced side as ON DELETE/UPDATE NO ACTION would. Violations raise 23503
-- (foreign_key_violation) like the keys did. tenant_id needs no check of its own: the checked
-- (tenant_id, subscription_id) exists, subscriptions.tenant_id references tenants, and a contract
-- with usage cannot be deleted or re-keyed.
-- The functions run as tributary_lookup (BYPASSRLS): like foreign-key checks they must see every
-- row whatever the session's scope, so a cross-tenant id fails even in system scope and a guard
-- never misses usage hidden from the session by RLS.
GRANT SELECT ON "subscriptions", "meters", "usage_events" TO tributary_lookup;--> statement-breakpoint
-- SELECT ... FOR KEY SHARE needs UPDATE on one column; the functions below never update.
GRANT UPDATE ("id") ON "subscriptions", "meters" TO tributary_lookup;--> statement-breakpoint
-- Owning a function needs CREATE on its schema at the moment ownership changes; taken back at the end.
GRANT CREATE ON SCHEMA public TO tributary_lookup;--> statement-breakpoint

CREATE FUNCTION usage_events_check_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  tenant_ids uuid[];
  subscription_ids uuid[];
  meter_ids uuid[];
  wanted bigint;
  locked bigint;
  missing record;
BEGIN
  -- One pass over the statement's rows: the few distinct (tenant, contract, meter) combinations.
  SELECT array_agg(k.tenant_id), array_agg(k.subscription_id), array_agg(k.meter_id) INTO tenant_ids, subscription_ids, meter_ids
    FROM (SELECT DISTINCT n.tenant_id, n.subscription_id, n.meter_id FROM new_rows n) k;
  IF tenant_ids IS NULL THEN
    RETURN NULL;
  END IF;

  -- Each referenced contract must exist and is key-share locked once, in key order: a concurrent
  -- DELETE or key UPDATE of it waits for this transaction (and then fails in the guard below), or
  -- committed first and the row is missing here.
  SELECT count(*) INTO wanted FROM (SELECT DISTINCT tid, sid FROM unnest(tenant_ids, subscription_ids) AS u(tid, sid)) d;
  PERFORM 1 FROM subscriptions s
   WHERE (s.tenant_id, s.id) IN (SELECT tid, sid FROM unnest(tenant_ids, subscription_ids) AS u(tid, sid))
   ORDER BY s.tenant_id, s.id
   FOR KEY SHARE OF s;
  GET DIAGNOSTICS locked = ROW_COUNT;
  IF locked < wanted THEN
    SELECT u.tid AS tenant_id, u.sid AS id INTO missing FROM unnest(tenant_ids, subscription_ids) AS u(tid, sid)
     WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.tenant_id = u.tid AND s.id = u.sid) LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "usage_events" violates foreign key "usage_events_subscription" (set-based trigger)'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'usage_events', CONSTRAINT = 'usage_events_subscription',
            DETAIL = format('Key (tenant_id, subscription_id)=(%s, %s) is not present in table "subscriptions".', missing.tenant_id, missing.id);
  END IF;

  -- The same for meters.
  SELECT count(*) INTO wanted FROM (SELECT DISTINCT tid, mid FROM unnest(tenant_ids, meter_ids) AS u(tid, mid)) d;
  PERFORM 1 FROM meters m
   WHERE (m.tenant_id, m.id) IN (SELECT tid, mid FROM unnest(tenant_ids, meter_ids) AS u(tid, mid))
   ORDER BY m.tenant_id, m.id
   FOR KEY SHARE OF m;
  GET DIAGNOSTICS locked = ROW_COUNT;
  IF locked < wanted THEN
    SELECT u.tid AS tenant_id, u.mid AS id INTO missing FROM unnest(tenant_ids, meter_ids) AS u(tid, mid)
     WHERE NOT EXISTS (SELECT 1 FROM meters m WHERE m.tenant_id = u.tid AND m.id = u.mid) LIMIT 1;
    RAISE EXCEPTION 'insert or update on table "usage_events" violates foreign key "usage_events_meter" (set-based trigger)'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'usage_events', CONSTRAINT = 'usage_events_meter',
            DETAIL = format('Key (tenant_id, meter_id)=(%s, %s) is not present in table "meters".', missing.tenant_id, missing.id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
ALTER FUNCTION usage_events_check_references() OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION usage_events_check_references() FROM PUBLIC;--> statement-breakpoint
-- A trigger with transition tables takes one event, hence two. app_user cannot UPDATE usage_events;
-- the UPDATE trigger keeps the owner honest too.
CREATE TRIGGER usage_events_references_on_insert AFTER INSERT ON usage_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_events_check_references();--> statement-breakpoint
CREATE TRIGGER usage_events_references_on_update AFTER UPDATE ON usage_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_events_check_references();--> statement-breakpoint

-- The referenced side: a contract or meter with usage cannot be deleted or get another key. Like the
-- NO ACTION check of a foreign key this runs AFTER the row is changed (so RLS and other checks speak
-- first): deleting or re-keying the row waited for any in-flight batch holding its key-share lock,
-- and under READ COMMITTED (the app's level) the query below then sees that batch's events. A
-- REPEATABLE READ deleter could miss usage committed after its snapshot (a foreign key would raise
-- 40001 there); nothing in the app deletes contracts or meters that way.
CREATE FUNCTION usage_events_guard_referenced() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.tenant_id = OLD.tenant_id AND NEW.id = OLD.id THEN
    RETURN NULL;
  END IF;
  IF (TG_TABLE_NAME = 'subscriptions' AND EXISTS (SELECT 1 FROM usage_events e WHERE e.tenant_id = OLD.tenant_id AND e.subscription_id = OLD.id))
     OR (TG_TABLE_NAME = 'meters' AND EXISTS (SELECT 1 FROM usage_events e WHERE e.tenant_id = OLD.tenant_id AND e.meter_id = OLD.id)) THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key "usage_events_%" on table "usage_events" (set-based trigger)', TG_TABLE_NAME, CASE TG_TABLE_NAME WHEN 'meters' THEN 'meter' ELSE 'subscription' END
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (tenant_id, id)=(%s, %s) is still referenced from table "usage_events".', OLD.tenant_id, OLD.id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
ALTER FUNCTION usage_events_guard_referenced() OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION usage_events_guard_referenced() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER usage_events_guard AFTER DELETE OR UPDATE OF tenant_id, id ON subscriptions
  FOR EACH ROW EXECUTE FUNCTION usage_events_guard_referenced();--> statement-breakpoint
CREATE TRIGGER usage_events_guard AFTER DELETE OR UPDATE OF tenant_id, id ON meters
  FOR EACH ROW EXECUTE FUNCTION usage_events_guard_referenced();--> statement-breakpoint

-- TRUNCATE ... CASCADE follows foreign keys only, so it would no longer reach usage_events.
CREATE FUNCTION usage_events_guard_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM usage_events) THEN
    RAISE EXCEPTION 'cannot truncate table "%": usage_events references it (set-based trigger)', TG_TABLE_NAME
      USING ERRCODE = 'foreign_key_violation', HINT = 'Truncate usage_events first, in its own statement.';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
ALTER FUNCTION usage_events_guard_truncate() OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION usage_events_guard_truncate() FROM PUBLIC;--> statement-breakpoint
CREATE TRIGGER usage_events_guard_truncate BEFORE TRUNCATE ON subscriptions
  FOR EACH STATEMENT EXECUTE FUNCTION usage_events_guard_truncate();--> statement-breakpoint
CREATE TRIGGER usage_events_guard_truncate BEFORE TRUNCATE ON meters
  FOR EACH STATEMENT EXECUTE FUNCTION usage_events_guard_truncate();--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tributary_lookup;
