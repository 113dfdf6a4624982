export * from "./tenancy";
export * from "./partners";
export * from "./customers";
export * from "./access";
