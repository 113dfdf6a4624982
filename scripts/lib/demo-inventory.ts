import { eq, inArray } from "drizzle-orm";
import { products } from "../../db/schema";
import { withTenant, type TenantTx } from "../../db/with-tenant";
import { setSubstitutes } from "../../server/domain/catalog/substitutes";
import { receiveGoods } from "../../server/domain/inventory/receipts";
import { createWarehouse } from "../../server/domain/inventory/warehouses";
import { DEMO_CATALOGS } from "./demo-catalog";

/** Per tenant: three warehouses (the first tried first) and substitute pairs by SKU. */
const DEMO_INVENTORY: Record<string, { warehouses: Array<{ code: string; name: string; priority: number; city: string; postalCode: string; countryCode: string }>; substitutes: Array<[sku: string, substitute: string, ratio: string]> }> = {
  acme: {
    warehouses: [
      { code: "RTM", name: "Rotterdam central", priority: 30, city: "Rotterdam", postalCode: "3011 AA", countryCode: "NL" },
      { code: "ANR", name: "Antwerp south", priority: 20, city: "Antwerp", postalCode: "2000", countryCode: "BE" },
      { code: "CGN", name: "Cologne overflow", priority: 10, city: "Cologne", postalCode: "50667", countryCode: "DE" },
    ],
    substitutes: [["GLV-NIT-M", "GLV-NIT-L", "1"], ["GLV-NIT-L", "GLV-NIT-M", "1"], ["GLV-NIT-M", "GLV-LTX-M", "2"], ["DIS-WIPE-200", "DIS-SPRAY-500", "1"]],
  },
  globex: {
    warehouses: [
      { code: "DUI", name: "Duisburg hub", priority: 30, city: "Duisburg", postalCode: "47051", countryCode: "DE" },
      { code: "GNT", name: "Ghent port", priority: 20, city: "Ghent", postalCode: "9000", countryCode: "BE" },
      { code: "KTW", name: "Katowice east", priority: 10, city: "Katowice", postalCode: "40-001", countryCode: "PL" },
    ],
    substitutes: [["ABR-DISC-125-40", "ABR-DISC-125-80", "1"], ["FST-M8-ZN-200", "FST-ANCH-10", "1"], ["SAF-GLV-CUT5", "SAF-EAR-200", "1"]],
  },
};

/**
 * Stock for the demo catalog, through the app's own receipts: for the product at position i,
 * reorder point r, the warehouses receive r x 1.5, r x 0.6 and r x 0.3. Every fourth stock item
 * gets only a third of its reorder point (it shows in the replenishment suggestions) and the last
 * one nothing at all. Deterministic request keys make reseeding return the first receipts.
 */
function plannedStock(index: number, count: number, reorderPoint: number): number[] {
  if (index === count - 1) return [0, 0, 0];
  if (index % 4 === 3) return [Math.floor(reorderPoint / 3), 0, 0];
  return [Math.round(reorderPoint * 1.5), Math.round(reorderPoint * 0.6), Math.round(reorderPoint * 0.3)];
}

export async function seedDemoInventory(slug: string, tenantId: string): Promise<{ warehouses: number; receipts: number }> {
  const plan = DEMO_INVENTORY[slug];
  const catalog = DEMO_CATALOGS[slug];
  if (!plan || !catalog) return { warehouses: 0, receipts: 0 };
  const acting = { tenantId, userId: null };
  return withTenant({ kind: "system", tenantId }, async (tx) => {
    const warehouseIds: string[] = [];
    for (const w of plan.warehouses) {
      warehouseIds.push((await createWarehouse(tx, acting, { ...w, addressLine1: `1 ${w.name} Dock`, addressLine2: "" })).warehouse.id);
    }
    const stockItems = catalog.products.filter((p) => p.kind === "stock_item");
    const ids = await skuIds(tx, stockItems.map((p) => p.sku));
    let receipts = 0;
    for (const [w, warehouseId] of warehouseIds.entries()) {
      const lines = stockItems
        .map((p, i) => ({ productId: ids.get(p.sku)!, quantity: plannedStock(i, stockItems.length, p.reorderPoint ?? 50)[w] }))
        .filter((l) => l.quantity > 0);
      if (!lines.length) continue;
      await receiveGoods(tx, acting, { requestKey: `demo:${slug}:opening-stock:${plan.warehouses[w].code}`, warehouseId, supplierReference: "Opening stock", note: "Demo seed", lines });
      receipts++;
    }
    const bySku = new Map<string, Array<{ substituteId: string; ratio: string }>>();
    const subIds = await skuIds(tx, plan.substitutes.flatMap(([a, b]) => [a, b]));
    for (const [sku, substitute, ratio] of plan.substitutes) bySku.set(sku, [...(bySku.get(sku) ?? []), { substituteId: subIds.get(substitute)!, ratio }]);
    for (const [sku, substitutes] of bySku) await setSubstitutes(tx, acting, { productId: subIds.get(sku)!, substitutes });
    return { warehouses: warehouseIds.length, receipts };
  });
}

async function skuIds(tx: TenantTx, skus: string[]): Promise<Map<string, string>> {
  const rows = await tx.select({ id: products.id, sku: products.sku }).from(products).where(skus.length === 1 ? eq(products.sku, skus[0]) : inArray(products.sku, skus));
  return new Map(rows.map((r) => [r.sku, r.id]));
}
