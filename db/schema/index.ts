export * from "./reference";
export * from "./tenancy";
export * from "./partners";
export * from "./customers";
export * from "./access";
export * from "./catalog";
export * from "./pricing";
export * from "./subscriptions";
