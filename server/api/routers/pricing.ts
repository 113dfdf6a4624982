/**
 * Pricing: price books (list, customer, reseller, promotion), their entries and tiers, and the
 * "why this price" explainer over resolvePrice.
 *
 * Roles: reads of books are open to every operator role; writes (create and archive books, add
 * entries) are for owner, admin, finance and sales, who set commercial terms. `explain` is also
 * open to reseller roles: RLS limits them to the shared books, their own book and their
 * customers' books, and to their own customers.
 */
import { z } from "zod";
import { OPERATOR_ROLES, RESELLER_ROLES } from "../../domain/access/roles";
import { addPriceEntry, createPriceBook, explainPrice, getPriceBook, listPriceBooks, priceBookOwners, setPriceBookArchived } from "../../domain/pricing/price-books";
import { addPriceEntryInput, createPriceBookInput, explainPriceInput, priceBookListInput } from "../../domain/pricing/schemas";
import { createTRPCRouter, roleProcedure } from "../trpc";

export const PRICING_READ_ROLES = OPERATOR_ROLES;
export const PRICING_WRITE_ROLES = ["owner", "admin", "finance", "sales"] as const;
export const PRICING_EXPLAIN_ROLES = [...OPERATOR_ROLES, ...RESELLER_ROLES];

const read = roleProcedure(...PRICING_READ_ROLES);
const write = roleProcedure(...PRICING_WRITE_ROLES);

export const pricingRouter = createTRPCRouter({
  books: read.input(priceBookListInput).query(({ ctx, input }) => listPriceBooks(ctx.tx, input)),
  book: read.input(z.object({ id: z.uuid("Unknown price book") })).query(({ ctx, input }) => getPriceBook(ctx.tx, input.id)),
  owners: read.query(({ ctx }) => priceBookOwners(ctx.tx)),
  createBook: write.input(createPriceBookInput).mutation(({ ctx, input }) => createPriceBook(ctx.tx, input)),
  archiveBook: write.input(z.object({ id: z.uuid(), archived: z.boolean().default(true) })).mutation(({ ctx, input }) => setPriceBookArchived(ctx.tx, input.id, input.archived)),
  addEntry: write.input(addPriceEntryInput).mutation(({ ctx, input }) => addPriceEntry(ctx.tx, input)),
  explain: roleProcedure(...PRICING_EXPLAIN_ROLES).input(explainPriceInput).query(({ ctx, input }) => explainPrice(ctx.tx, input)),
});
