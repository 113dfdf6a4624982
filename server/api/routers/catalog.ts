/**
 * Catalog: categories, meters and products (stock items, services, kits, plans).
 *
 * Roles: reads are open to every operator role (sales quotes from it, finance reports on it);
 * writes (create, update, archive, delete) are for owner, admin and ops, who run the catalog.
 * Resellers and customers see products only through prices and contracts, not through here.
 */
import { z } from "zod";
import { OPERATOR_ROLES } from "../../domain/access/roles";
import { createCategory, createMeter, listCategories, listMeters } from "../../domain/catalog/categories-meters";
import { createProduct, deleteProduct, getProduct, listProducts, setProductArchived, updateProduct } from "../../domain/catalog/products";
import { createCategoryInput, createMeterInput, createProductInput, idInput, productListInput, updateProductInput } from "../../domain/catalog/schemas";
import { setSubstitutesInput } from "../../domain/catalog/substitute-schemas";
import { listSubstitutes, setSubstitutes } from "../../domain/catalog/substitutes";
import { createTRPCRouter, roleProcedure } from "../trpc";

export const CATALOG_READ_ROLES = OPERATOR_ROLES;
export const CATALOG_WRITE_ROLES = ["owner", "admin", "ops"] as const;

const read = roleProcedure(...CATALOG_READ_ROLES);
const write = roleProcedure(...CATALOG_WRITE_ROLES);

export const catalogRouter = createTRPCRouter({
  categories: read.query(({ ctx }) => listCategories(ctx.tx)),
  createCategory: write.input(createCategoryInput).mutation(({ ctx, input }) => createCategory(ctx.tx, input)),
  meters: read.query(({ ctx }) => listMeters(ctx.tx)),
  createMeter: write.input(createMeterInput).mutation(({ ctx, input }) => createMeter(ctx.tx, input)),
  products: read.input(productListInput).query(({ ctx, input }) => listProducts(ctx.tx, input)),
  product: read.input(idInput).query(({ ctx, input }) => getProduct(ctx.tx, input.id)),
  createProduct: write.input(createProductInput).mutation(({ ctx, input }) => createProduct(ctx.tx, input)),
  updateProduct: write.input(updateProductInput).mutation(({ ctx, input }) => updateProduct(ctx.tx, input)),
  archiveProduct: write.input(idInput.extend({ archived: z.boolean().default(true) })).mutation(({ ctx, input }) => setProductArchived(ctx.tx, input.id, input.archived)),
  deleteProduct: write.input(idInput).mutation(({ ctx, input }) => deleteProduct(ctx.tx, input.id)),
  substitutes: read.input(idInput).query(({ ctx, input }) => listSubstitutes(ctx.tx, input.id)),
  setSubstitutes: write.input(setSubstitutesInput).mutation(({ ctx, input }) => setSubstitutes(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input)),
});
