import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant, type Scope } from "../../db/with-tenant";
import { CSV_EXPORTS } from "../../server/api/exports";
import { createCaller } from "../../server/api/root";
import { scopeOf } from "../../server/domain/access/actor";
import { closeRedis } from "../../server/redis";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";

let T: TenantFixture;
let other: TenantFixture;
let caller: ReturnType<typeof createCaller>;
let ops: Scope;

beforeAll(async () => {
  const admin = await createPlatformAdmin("catalog");
  [T, other] = await Promise.all([createTenantFixture(admin, "catalog"), createTenantFixture(admin, "catalog-x")]);
  const actor = await tenantActorOf(T, T.users.ops);
  ops = scopeOf(actor);
  caller = createCaller(context(await tenantHostOf(T), actor));
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

/** Row counts of every catalog table, to prove a rejected call changed nothing. */
const counts = () =>
  withTenant(ops, async (tx) => {
    const [row] = await tx.execute<Record<string, number>>(sql`select
      (select count(*)::int from products) as products, (select count(*)::int from kit_components) as components,
      (select count(*)::int from plan_items) as items, (select count(*)::int from product_categories) as categories,
      (select count(*)::int from meters) as meters`);
    return row;
  });

describe("creating products", () => {
  test("a stock item with its logistics fields; the SKU is normalised to upper case", async () => {
    const { product, created } = await caller.catalog.createProduct({
      sku: "mask-ffp2", name: "FFP2 masks, box of 20", kind: "stock_item", categoryId: T.contract.categoryId, unitOfMeasure: "box", weightGrams: 250, taxClass: "reduced", reorderPoint: 30,
    });
    expect(created).toBe(true);
    expect(product).toMatchObject({ sku: "MASK-FFP2", kind: "stock_item", unitOfMeasure: "box", weightGrams: 250, taxClass: "reduced", reorderPoint: 30, categoryName: "Consumables", status: "active" });
  });

  test("the same request again returns the existing product (idempotent on the SKU)", async () => {
    const input = { sku: "SVC-SUPPORT", name: "Support", kind: "service" as const };
    const first = await caller.catalog.createProduct(input);
    const before = await counts();
    const again = await caller.catalog.createProduct({ ...input, sku: "svc-support" });
    expect(again).toMatchObject({ created: false, product: { id: first.product.id } });
    expect(await counts()).toEqual(before);
  });

  test("a taken SKU with different data is a CONFLICT that names the product, and changes nothing", async () => {
    const before = await counts();
    const f = await failure(caller.catalog.createProduct({ sku: "GLV-100", name: "Something else", kind: "stock_item" }));
    expect(f.code).toBe("CONFLICT");
    expect(f.message).toMatch(/SKU GLV-100 is already used by "Nitrile gloves, box of 100"/);
    expect(f.fields.sku).toBeDefined();
    expect(await counts()).toEqual(before);
  });

  test("a kit with stock item components; retried with the components in another order it is the same kit", async () => {
    const input = {
      sku: "KIT-CLINIC", name: "Clinic starter kit", kind: "kit" as const,
      components: [{ componentId: T.contract.products.stock, quantity: "2" }, { componentId: T.contract.products.spare, quantity: 1.5 }],
    };
    const { product } = await caller.catalog.createProduct(input);
    expect(product.components.map((c) => [c.sku, c.quantity])).toEqual([["GLV-100", "2"], ["GLV-200", "1.5"]]);
    const again = await caller.catalog.createProduct({ ...input, components: [...input.components].reverse() });
    expect(again).toMatchObject({ created: false, product: { id: product.id } });
    const changed = await failure(caller.catalog.createProduct({ ...input, components: [{ componentId: T.contract.products.stock, quantity: "3" }] }));
    expect(changed.code).toBe("CONFLICT");
  });

  test("a plan of every item kind, with its shape checked", async () => {
    const { product } = await caller.catalog.createProduct({
      sku: "PLN-FULL", name: "Full plan", kind: "plan",
      planItems: [
        { kind: "recurring_fee", productId: T.contract.products.service },
        { kind: "usage", productId: T.contract.products.service, meterId: T.contract.meterId, rating: "package", packageSize: "1000" },
        { kind: "commit", productId: T.contract.products.service, commitAmountMinor: 50000n },
        { kind: "delivery", productId: T.contract.products.stock, quantity: "4", deliveryEvery: 2, deliveryUnit: "week" },
      ],
    });
    expect(product.planItems.map((i) => i.kind)).toEqual(["recurring_fee", "usage", "commit", "delivery"]);
    expect(product.planItems[1]).toMatchObject({ rating: "package", packageSize: "1000", meterId: T.contract.meterId });
    expect(product.planItems[2].commitAmountMinor).toBe(50000n);
  });
});

describe("bad input is a clear error and changes nothing", () => {
  const cases: Array<[string, () => Record<string, unknown>, string, RegExp]> = [
    ["a negative kit component quantity", () => ({ sku: "KIT-NEG", name: "K", kind: "kit", components: [{ componentId: T.contract.products.stock, quantity: "-2" }] }), "components.0.quantity", /cannot be negative/],
    ["a zero kit component quantity", () => ({ sku: "KIT-ZERO", name: "K", kind: "kit", components: [{ componentId: T.contract.products.stock, quantity: "0" }] }), "components.0.quantity", /greater than zero/],
    ["a negative plan item quantity", () => ({ sku: "PLN-NEG", name: "P", kind: "plan", planItems: [{ kind: "recurring_fee", productId: T.contract.products.service, quantity: -1 }] }), "planItems.0.quantity", /cannot be negative/],
    ["a negative weight", () => ({ sku: "NEG-W", name: "N", kind: "stock_item", weightGrams: -5 }), "weightGrams", /cannot be negative/],
    ["a negative reorder point", () => ({ sku: "NEG-R", name: "N", kind: "stock_item", reorderPoint: -1 }), "reorderPoint", /cannot be negative/],
    ["a usage item without a meter", () => ({ sku: "PLN-NOMETER", name: "P", kind: "plan", planItems: [{ kind: "usage", productId: T.contract.products.service, rating: "tiered" }] }), "planItems.0.meterId", /needs a meter/],
    ["a package rating without a size", () => ({ sku: "PLN-NOPKG", name: "P", kind: "plan", planItems: [{ kind: "usage", productId: T.contract.products.service, meterId: T.contract.meterId, rating: "package" }] }), "planItems.0.packageSize", /package size/],
    ["a commit without an amount", () => ({ sku: "PLN-NOCOMMIT", name: "P", kind: "plan", planItems: [{ kind: "commit", productId: T.contract.products.service }] }), "planItems.0.commitAmountMinor", /needs an amount/],
    ["a delivery every 53 weeks", () => ({ sku: "PLN-53", name: "P", kind: "plan", planItems: [{ kind: "delivery", productId: T.contract.products.stock, deliveryEvery: 53, deliveryUnit: "week" }] }), "planItems.0.deliveryEvery", /at most every 52/],
    ["a kit without components", () => ({ sku: "KIT-EMPTY", name: "K", kind: "kit" }), "components", /at least one component/],
    ["components on a service", () => ({ sku: "SVC-COMP", name: "S", kind: "service", components: [{ componentId: T.contract.products.stock, quantity: 1 }] }), "components", /Only kits/],
  ];

  test.each(cases)("%s", async (_label, input, path, message) => {
    const before = await counts();
    const f = await failure(caller.catalog.createProduct(input() as never));
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.fields[path]?.join(" ")).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  const refCases: Array<[string, () => Record<string, unknown>, string, RegExp]> = [
    ["a kit component that is a service", () => ({ sku: "KIT-SVC", name: "K", kind: "kit", components: [{ componentId: T.contract.products.service, quantity: 1 }] }), "components.0.componentId", /service; kit components must be stock items/],
    ["a kit component that is another kit", () => ({ sku: "KIT-KIT", name: "K", kind: "kit", components: [{ componentId: T.contract.products.kit, quantity: 1 }] }), "components.0.componentId", /kit components must be stock items/],
    ["a kit component of another tenant", () => ({ sku: "KIT-X", name: "K", kind: "kit", components: [{ componentId: other.contract.products.stock, quantity: 1 }] }), "components.0.componentId", /No such component/],
    ["a component listed twice", () => ({ sku: "KIT-TWICE", name: "K", kind: "kit", components: [{ componentId: T.contract.products.stock, quantity: 1 }, { componentId: T.contract.products.stock, quantity: 2 }] }), "components", /listed twice/],
    ["a plan inside a plan", () => ({ sku: "PLN-PLN", name: "P", kind: "plan", planItems: [{ kind: "recurring_fee", productId: T.contract.products.plan }] }), "planItems.0.productId", /cannot be a plan/],
    ["a delivery of a service", () => ({ sku: "PLN-DSVC", name: "P", kind: "plan", planItems: [{ kind: "delivery", productId: T.contract.products.service, deliveryEvery: 1, deliveryUnit: "month" }] }), "planItems.0.productId", /Only stock items and kits are delivered/],
    ["an unknown category", () => ({ sku: "CAT-X", name: "C", kind: "service", categoryId: other.contract.categoryId }), "categoryId", /No such category/],
  ];

  test.each(refCases)("%s", async (_label, input, path, message) => {
    const before = await counts();
    const f = await failure(caller.catalog.createProduct(input() as never));
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.fields[path]?.join(" ")).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  test("a kit cannot contain itself (edit)", async () => {
    const f = await failure(caller.catalog.updateProduct({ id: T.contract.products.kit, name: "First-aid kit", components: [{ componentId: T.contract.products.kit, quantity: "1" }] }));
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.message).toMatch(/cannot contain itself/);
    const kit = await caller.catalog.product({ id: T.contract.products.kit });
    expect(kit.components.map((c) => c.componentId)).toEqual([T.contract.products.stock]);
  });
});

describe("update, archive, delete", () => {
  test("an edit replaces fields and components; SKU and kind stay", async () => {
    const { product } = await caller.catalog.createProduct({ sku: "KIT-EDIT", name: "Edit me", kind: "kit", components: [{ componentId: T.contract.products.stock, quantity: 1 }] });
    const edited = await caller.catalog.updateProduct({ id: product.id, name: "Edited", description: "New", components: [{ componentId: T.contract.products.spare, quantity: "3" }] });
    expect(edited).toMatchObject({ sku: "KIT-EDIT", kind: "kit", name: "Edited", description: "New" });
    expect(edited.components.map((c) => [c.sku, c.quantity])).toEqual([["GLV-200", "3"]]);
  });

  test("deleting a used product is a CONFLICT that says to archive it; archiving works and is idempotent", async () => {
    const before = await counts();
    const f = await failure(caller.catalog.deleteProduct({ id: T.contract.products.stock }));
    expect(f.code).toBe("CONFLICT");
    expect(f.message).toMatch(/archive it instead/);
    expect(await counts()).toEqual(before);
    const kit = await caller.catalog.product({ id: T.contract.products.kit });
    expect(kit.components).toHaveLength(1);

    const archived = await caller.catalog.archiveProduct({ id: T.contract.products.spare });
    const again = await caller.catalog.archiveProduct({ id: T.contract.products.spare });
    expect(archived.status).toBe("archived");
    expect(again.archivedAt).toEqual(archived.archivedAt);
    const f2 = await failure(caller.catalog.createProduct({ sku: "KIT-ARCH", name: "K", kind: "kit", components: [{ componentId: T.contract.products.spare, quantity: 1 }] }));
    expect(f2.message).toMatch(/archived/);
    // A retry of a create that already succeeded still returns its kit, though a component is archived now.
    const retry = await caller.catalog.createProduct({
      sku: "KIT-CLINIC", name: "Clinic starter kit", kind: "kit",
      components: [{ componentId: T.contract.products.stock, quantity: "2" }, { componentId: T.contract.products.spare, quantity: "1.5" }],
    });
    expect(retry.created).toBe(false);
    await caller.catalog.archiveProduct({ id: T.contract.products.spare, archived: false });
  });

  test("an unused product (a kit with its own components) is deleted for good", async () => {
    const { product } = await caller.catalog.createProduct({ sku: "KIT-DEL", name: "Delete me", kind: "kit", components: [{ componentId: T.contract.products.stock, quantity: 1 }] });
    await caller.catalog.deleteProduct({ id: product.id });
    expect((await failure(caller.catalog.product({ id: product.id }))).code).toBe("NOT_FOUND");
  });

  test("another tenant's product cannot be read, edited or deleted", async () => {
    expect((await failure(caller.catalog.product({ id: other.contract.products.stock }))).code).toBe("NOT_FOUND");
    expect((await failure(caller.catalog.updateProduct({ id: other.contract.products.stock, name: "Hijack" }))).code).toBe("NOT_FOUND");
    expect((await failure(caller.catalog.deleteProduct({ id: other.contract.products.stock }))).code).toBe("NOT_FOUND");
  });
});

describe("categories and meters", () => {
  test("idempotent on the code; another name under a taken code is a CONFLICT", async () => {
    const a = await caller.catalog.createCategory({ code: "Wound-Care", name: "Wound care" });
    const b = await caller.catalog.createCategory({ code: "wound-care", name: "Wound care" });
    expect([a.created, b.created, b.category.id]).toEqual([true, false, a.category.id]);
    const f = await failure(caller.catalog.createCategory({ code: "consumables", name: "Other" }));
    expect([f.code, f.message]).toEqual(["CONFLICT", 'Category code consumables is already used by "Consumables"']);

    const m = await caller.catalog.createMeter({ code: "kwh", name: "Energy", unit: "kWh" });
    expect((await caller.catalog.createMeter({ code: "KWH", name: "Energy", unit: "kWh" })).meter.id).toBe(m.meter.id);
    expect((await failure(caller.catalog.createMeter({ code: "kwh", name: "Energy", unit: "MWh" }))).code).toBe("CONFLICT");
    expect((await caller.catalog.meters()).map((x) => x.code)).toEqual(["api_calls", "kwh"]);
  });
});

describe("the product list pages, sorts and filters on the server", () => {
  test("filters by kind, category, status and search; sorts by a whitelisted key", async () => {
    const kits = await caller.catalog.products({ kind: "kit", sort: "sku", dir: "desc" });
    expect(kits.rows.every((r) => r.kind === "kit")).toBe(true);
    expect(kits.rows.map((r) => r.sku)).toEqual([...kits.rows.map((r) => r.sku)].sort().reverse());

    const search = await caller.catalog.products({ search: "nitrile" });
    expect(search.rows.map((r) => r.sku)).toEqual(["GLV-100", "GLV-200"]);
    const inCategory = await caller.catalog.products({ categoryId: T.contract.categoryId, pageSize: 100 });
    expect(inCategory.rows.every((r) => r.category === "Consumables")).toBe(true);

    const page1 = await caller.catalog.products({ pageSize: 2, page: 1 });
    const page2 = await caller.catalog.products({ pageSize: 2, page: 2 });
    expect(page1.rows).toHaveLength(2);
    expect(page1.total).toBeGreaterThan(4);
    expect(page2.rows[0].sku > page1.rows[1].sku).toBe(true);

    // An unknown sort key falls back to the default (SKU ascending), never to raw SQL.
    const bogus = await caller.catalog.products({ sort: "name; drop table products", pageSize: 100 });
    expect(bogus.rows.map((r) => r.sku)).toEqual([...bogus.rows.map((r) => r.sku)].sort());
    const archived = await caller.catalog.products({ status: "archived" });
    expect(archived.rows.every((r) => r.status === "archived")).toBe(true);
  });
});

describe("CSV export", () => {
  test("pages through catalog.products with the list's filters and maps every column", async () => {
    const spec = CSV_EXPORTS["catalog-products"];
    const page = await spec.page(caller, { filters: { kind: "stock_item", status: "bogus" }, sort: "sku", dir: "asc", page: 1, pageSize: 100 });
    const rows = page.rows as Array<{ sku: string; kind: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.kind === "stock_item")).toBe(true);
    const glv = rows.find((r) => r.sku === "GLV-100")!;
    expect(spec.columns.map((c) => c.header)).toEqual(["SKU", "Name", "Kind", "Category", "Unit of measure", "Tax class", "Status", "Created"]);
    expect(spec.columns.slice(0, 7).map((c) => c.value(glv as never))).toEqual(["GLV-100", "Nitrile gloves, box of 100", "stock_item", "Consumables", "box", "standard", "active"]);
  });
});
