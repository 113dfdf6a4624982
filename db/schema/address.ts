import { text } from "drizzle-orm/pg-core";

/** Postal address columns, shared by customers' sold-to address, ship-to sites and warehouses. */
export const addressColumns = () => ({
  addressLine1: text("address_line1").notNull().default(""),
  addressLine2: text("address_line2").notNull().default(""),
  city: text("city").notNull().default(""),
  postalCode: text("postal_code").notNull().default(""),
  countryCode: text("country_code").notNull().default(""),
});
