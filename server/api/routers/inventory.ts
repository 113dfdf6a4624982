/**
 * Inventory: warehouses, stock balances and their ledger, goods receipts, adjustments, transfers,
 * scrap and replenishment suggestions (docs/inventory.md).
 *
 * | procedure                                                        | roles                                  |
 * | ---------------------------------------------------------------- | -------------------------------------- |
 * | warehouses, stock, movements, receipts, receipt, suggestions     | all operator roles (finance values stock, sales promises it) |
 * | createWarehouse, updateWarehouse, archiveWarehouse               | owner, admin, ops                      |
 * | receive, adjust, transfer, scrap                                 | owner, admin, ops                      |
 *
 * Resellers and customers have no access here; RLS agrees (the ledger, receipts and writes to
 * balances are staff-only; portals read availability through the order screens).
 */
import { OPERATOR_ROLES } from "../../domain/access/roles";
import { adjustStock, scrapStock, transferStock } from "../../domain/inventory/operations";
import { getReceipt, listReceipts, receiveGoods } from "../../domain/inventory/receipts";
import {
  adjustStockInput, archiveWarehouseInput, createWarehouseInput, movementListInput, receiptListInput, receiveGoodsInput, scrapStockInput, stockListInput,
  suggestionListInput, transferStockInput, updateWarehouseInput, warehouseListInput,
} from "../../domain/inventory/schemas";
import { listMovements, listStock } from "../../domain/inventory/stock";
import { listSuggestions } from "../../domain/inventory/suggestions";
import { createWarehouse, listWarehouses, setWarehouseArchived, updateWarehouse, type Acting } from "../../domain/inventory/warehouses";
import type { TenantActor } from "../../domain/access/actor";
import { idInput } from "../../domain/catalog/schemas";
import { createTRPCRouter, roleProcedure } from "../trpc";

export const INVENTORY_READ_ROLES = OPERATOR_ROLES;
export const INVENTORY_WRITE_ROLES = ["owner", "admin", "ops"] as const;

const read = roleProcedure(...INVENTORY_READ_ROLES);
const write = roleProcedure(...INVENTORY_WRITE_ROLES);
const acting = (actor: TenantActor): Acting => ({ tenantId: actor.tenantId, userId: actor.userId });

export const inventoryRouter = createTRPCRouter({
  warehouses: read.input(warehouseListInput).query(({ ctx, input }) => listWarehouses(ctx.tx, input)),
  createWarehouse: write.input(createWarehouseInput).mutation(({ ctx, input }) => createWarehouse(ctx.tx, acting(ctx.actor), input)),
  updateWarehouse: write.input(updateWarehouseInput).mutation(({ ctx, input }) => updateWarehouse(ctx.tx, acting(ctx.actor), input)),
  archiveWarehouse: write.input(archiveWarehouseInput).mutation(({ ctx, input }) => setWarehouseArchived(ctx.tx, acting(ctx.actor), input.id, input.archived)),

  stock: read.input(stockListInput).query(({ ctx, input }) => listStock(ctx.tx, input)),
  movements: read.input(movementListInput).query(({ ctx, input }) => listMovements(ctx.tx, input)),
  suggestions: read.input(suggestionListInput).query(({ ctx, input }) => listSuggestions(ctx.tx, input)),

  receipts: read.input(receiptListInput).query(({ ctx, input }) => listReceipts(ctx.tx, input)),
  receipt: read.input(idInput).query(({ ctx, input }) => getReceipt(ctx.tx, input.id)),
  receive: write.input(receiveGoodsInput).mutation(({ ctx, input }) => receiveGoods(ctx.tx, acting(ctx.actor), input)),

  adjust: write.input(adjustStockInput).mutation(({ ctx, input }) => adjustStock(ctx.tx, acting(ctx.actor), input)),
  transfer: write.input(transferStockInput).mutation(({ ctx, input }) => transferStock(ctx.tx, acting(ctx.actor), input)),
  scrap: write.input(scrapStockInput).mutation(({ ctx, input }) => scrapStock(ctx.tx, acting(ctx.actor), input)),
});
