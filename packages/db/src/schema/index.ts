export * from "./auth";
export * from "./catalogue";
export * from "./codelists";
export * from "./facts";
export * from "./imports";
export * from "./rounds";
export * from "./sources";
export * from "./regions";
