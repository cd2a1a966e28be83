export * from "./catalogue";
export * from "./codelists";
export * from "./facts";
export * from "./rounds";
export * from "./sources";
