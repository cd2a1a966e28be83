export * from "./changes";
export * from "./client";
export * from "./seed";
