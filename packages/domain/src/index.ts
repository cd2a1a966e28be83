export * from "./catalogue";
export * from "./codelists";
export * from "./ilostat";
