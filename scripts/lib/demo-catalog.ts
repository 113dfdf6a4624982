/**
 * Demo catalogs: medical supplies for Acme, industrial consumables for Globex. Plain data; the
 * seed turns it into rows through the domain functions.
 */
export interface DemoProduct {
  sku: string;
  name: string;
  kind: "stock_item" | "service" | "kit" | "plan";
  category: string;
  unit?: string;
  weightGrams?: number;
  reorderPoint?: number;
  taxClass?: "standard" | "reduced" | "zero" | "exempt";
  /** List price per unit (EUR), for flat-priced products. */
  price?: string;
  /** Graduated usage price bands (from quantity, unit price), for metered services. */
  tiers?: Array<[string, string]>;
  meter?: { code: string; name: string; unit: string };
  components?: Array<[string, string]>;
}

export interface DemoCatalog {
  categories: Array<[code: string, name: string]>;
  products: DemoProduct[];
  /** Customer-name parts, combined deterministically into 50+ accounts. */
  customerNames: { prefixes: string[]; kinds: string[] };
  cities: Array<[city: string, postalCode: string, country: string]>;
}

export const DEMO_CATALOGS: Record<string, DemoCatalog> = {
  acme: {
    categories: [["gloves", "Gloves"], ["wound-care", "Wound care"], ["diagnostics", "Diagnostics"], ["disinfection", "Disinfection"], ["services", "Services"]],
    products: [
      { sku: "GLV-NIT-M", name: "Nitrile exam gloves M, box of 100", kind: "stock_item", category: "gloves", unit: "box", weightGrams: 620, reorderPoint: 200, price: "8.90", taxClass: "reduced" },
      { sku: "GLV-NIT-L", name: "Nitrile exam gloves L, box of 100", kind: "stock_item", category: "gloves", unit: "box", weightGrams: 650, reorderPoint: 200, price: "8.90", taxClass: "reduced" },
      { sku: "GLV-LTX-M", name: "Latex surgical gloves M, 50 pairs", kind: "stock_item", category: "gloves", unit: "box", weightGrams: 900, reorderPoint: 60, price: "24.50", taxClass: "reduced" },
      { sku: "WND-GAUZE-10", name: "Sterile gauze swabs 10x10 cm, 100", kind: "stock_item", category: "wound-care", unit: "pack", weightGrams: 400, reorderPoint: 150, price: "6.40", taxClass: "reduced" },
      { sku: "WND-PLST-MIX", name: "Assorted plasters, box of 100", kind: "stock_item", category: "wound-care", unit: "box", weightGrams: 180, reorderPoint: 100, price: "3.95", taxClass: "reduced" },
      { sku: "WND-BAND-8", name: "Elastic bandage 8 cm x 4 m", kind: "stock_item", category: "wound-care", unit: "each", weightGrams: 60, reorderPoint: 300, price: "1.85", taxClass: "reduced" },
      { sku: "DIA-GLU-50", name: "Glucose test strips, 50", kind: "stock_item", category: "diagnostics", unit: "pack", weightGrams: 90, reorderPoint: 120, price: "17.80", taxClass: "reduced" },
      { sku: "DIA-THERM-IR", name: "Infrared thermometer", kind: "stock_item", category: "diagnostics", unit: "each", weightGrams: 210, reorderPoint: 20, price: "39.00" },
      { sku: "DIA-COVER-IR", name: "Thermometer probe covers, 200", kind: "stock_item", category: "diagnostics", unit: "box", weightGrams: 150, reorderPoint: 80, price: "11.20" },
      { sku: "DIS-HAND-1L", name: "Hand disinfectant 1 L", kind: "stock_item", category: "disinfection", unit: "bottle", weightGrams: 1050, reorderPoint: 250, price: "7.60" },
      { sku: "DIS-WIPE-200", name: "Surface disinfection wipes, 200", kind: "stock_item", category: "disinfection", unit: "tub", weightGrams: 800, reorderPoint: 150, price: "9.30" },
      { sku: "DIS-SPRAY-500", name: "Instrument spray 500 ml", kind: "stock_item", category: "disinfection", unit: "bottle", weightGrams: 560, reorderPoint: 90, price: "12.75" },
      { sku: "KIT-FIRSTAID", name: "Clinic first-aid refill kit", kind: "kit", category: "wound-care", price: "29.00", components: [["WND-GAUZE-10", "2"], ["WND-PLST-MIX", "1"], ["WND-BAND-8", "4"], ["GLV-NIT-M", "1"]] },
      { sku: "SVC-PORTAL", name: "Ordering portal licence (per site)", kind: "service", category: "services", price: "49.00", taxClass: "standard" },
      { sku: "SVC-TRACK", name: "Cold-chain tracking (per sensor reading)", kind: "service", category: "services", meter: { code: "sensor_readings", name: "Sensor readings", unit: "reading" }, tiers: [["0", "0.0200"], ["10000", "0.0150"], ["100000", "0.0080"]] },
      { sku: "PLN-CLINIC", name: "Clinic supply plan", kind: "plan", category: "services" },
    ],
    customerNames: { prefixes: ["Northgate", "Riverside", "St. Anne", "Harbour", "Lindenhof", "Parkview", "Meadow", "Kingsway", "Oakridge", "Bayside", "Hillcrest", "Westbrook", "Sunrise"], kinds: ["Clinic", "Dental Practice", "Care Home", "Pharmacy", "Vet Clinic"] },
    cities: [["Rotterdam", "3011 AA", "NL"], ["Utrecht", "3511 AB", "NL"], ["Antwerp", "2000", "BE"], ["Cologne", "50667", "DE"], ["Lille", "59000", "FR"], ["Eindhoven", "5611 AA", "NL"]],
  },
  globex: {
    categories: [["abrasives", "Abrasives"], ["lubricants", "Lubricants"], ["safety", "Safety"], ["fasteners", "Fasteners"], ["services", "Services"]],
    products: [
      { sku: "ABR-DISC-125-40", name: "Flap disc 125 mm P40, 10", kind: "stock_item", category: "abrasives", unit: "pack", weightGrams: 1200, reorderPoint: 100, price: "18.60" },
      { sku: "ABR-DISC-125-80", name: "Flap disc 125 mm P80, 10", kind: "stock_item", category: "abrasives", unit: "pack", weightGrams: 1150, reorderPoint: 100, price: "18.60" },
      { sku: "ABR-CUT-230", name: "Cutting disc 230 mm steel, 25", kind: "stock_item", category: "abrasives", unit: "pack", weightGrams: 4200, reorderPoint: 40, price: "42.00" },
      { sku: "LUB-GREASE-400", name: "Lithium grease cartridge 400 g", kind: "stock_item", category: "lubricants", unit: "each", weightGrams: 430, reorderPoint: 300, price: "5.20" },
      { sku: "LUB-CUT-5L", name: "Cutting oil 5 L", kind: "stock_item", category: "lubricants", unit: "can", weightGrams: 4700, reorderPoint: 60, price: "31.50" },
      { sku: "LUB-HYD-20L", name: "Hydraulic oil HLP 46, 20 L", kind: "stock_item", category: "lubricants", unit: "drum", weightGrams: 18500, reorderPoint: 25, price: "74.00" },
      { sku: "SAF-GLASS-CLR", name: "Safety glasses clear, 12", kind: "stock_item", category: "safety", unit: "box", weightGrams: 600, reorderPoint: 80, price: "21.00" },
      { sku: "SAF-EAR-200", name: "Foam ear plugs, 200 pairs", kind: "stock_item", category: "safety", unit: "box", weightGrams: 700, reorderPoint: 60, price: "23.40" },
      { sku: "SAF-GLV-CUT5", name: "Cut-resistant gloves level 5, 12 pairs", kind: "stock_item", category: "safety", unit: "pack", weightGrams: 900, reorderPoint: 70, price: "46.80" },
      { sku: "FST-M8-ZN-200", name: "Hex bolts M8x30 zinc, 200", kind: "stock_item", category: "fasteners", unit: "box", weightGrams: 3100, reorderPoint: 50, price: "14.90" },
      { sku: "FST-NUT-M8-500", name: "Hex nuts M8 zinc, 500", kind: "stock_item", category: "fasteners", unit: "box", weightGrams: 2500, reorderPoint: 50, price: "9.80" },
      { sku: "FST-ANCH-10", name: "Concrete anchors 10 mm, 50", kind: "stock_item", category: "fasteners", unit: "box", weightGrams: 2200, reorderPoint: 30, price: "27.30" },
      { sku: "KIT-WELD-SAFE", name: "Welding bay safety kit", kind: "kit", category: "safety", price: "88.00", components: [["SAF-GLASS-CLR", "1"], ["SAF-EAR-200", "1"], ["SAF-GLV-CUT5", "1"]] },
      { sku: "SVC-VMI", name: "Vendor-managed inventory service (per bay)", kind: "service", category: "services", price: "120.00" },
      { sku: "SVC-IOT", name: "Smart-bin telemetry (per scan)", kind: "service", category: "services", meter: { code: "bin_scans", name: "Bin scans", unit: "scan" }, tiers: [["0", "0.0500"], ["5000", "0.0350"], ["50000", "0.0200"]] },
      { sku: "PLN-WORKSHOP", name: "Workshop consumables plan", kind: "plan", category: "services" },
    ],
    customerNames: { prefixes: ["Apex", "Ironbridge", "Vulcan", "Northline", "Steelworks", "Delta", "Precision", "Atlas", "Forge", "Keystone", "Summit"], kinds: ["Fabrication", "Machining", "Engineering", "Automotive", "Shipyard"] },
    cities: [["Duisburg", "47051", "DE"], ["Ghent", "9000", "BE"], ["Gothenburg", "411 04", "SE"], ["Katowice", "40-001", "PL"], ["Bilbao", "48001", "ES"]],
  },
};
