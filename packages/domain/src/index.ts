export * from "./catalogue";
export * from "./codelists";
export * from "./ilostat";
export * from "./expected-cells";
export * from "./rules";
