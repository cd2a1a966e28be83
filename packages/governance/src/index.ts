/**
 * `@ilms/governance`: accounts, sessions and tokens, API keys, the permission registry, the audit trail and the
 * round workflow, shared by every face (API, CLI) and the importer. Import a subpath (`@ilms/governance/rounds`)
 * or everything from here. Refusals are {@link GovernanceError}s that each face maps onto its protocol.
 */
export * from "./accounts";
export * from "./api-keys";
export * from "./audit";
export * from "./audit-log";
export * from "./authenticate";
export * from "./caller";
export * from "./errors";
export * from "./passwords";
export * from "./permissions";
export * from "./rounds";
export * from "./sessions";
export * from "./setup";
export * from "./snapshots";
export * from "./sources";
export * from "./throttle";
export * from "./tokens";
export * from "./users";
export * from "./workflow";
