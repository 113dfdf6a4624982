import { pgTable, smallint, text } from "drizzle-orm/pg-core";

/** Global reference data (no tenant_id): ISO 4217 currencies and how many minor units each has. */
export const currencies = pgTable("currencies", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  minorUnits: smallint("minor_units").notNull(),
});
