/**
 * Who may do what: one table of actions per role, one registry naming the action every mutation needs, and
 * {@link authorize}, the single check resolvers call (with the countries concerned for country-scoped actions).
 * The console only hides what this refuses.
 */
import type { Role } from "@ilms/db/schema";
import type { Caller } from "./caller";
import { GovernanceCode, GovernanceError } from "./errors";

export const ACTIONS = [
  "drafts.read",
  "account.self",
  "users.manage",
  "apiKeys.manage",
  "audit.read",
  "rounds.create",
  "rounds.update",
  "rounds.submit",
  "rounds.reopen",
  "rounds.validate",
  "rounds.publish",
  "data.import",
  "observations.edit",
  "sources.edit",
  "notes.edit",
  "codelists.edit",
  "system.admin",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions limited to the caller's reporting countries (editors); admins are never limited. */
export const COUNTRY_SCOPED: ReadonlySet<Action> = new Set<Action>(["data.import", "observations.edit", "sources.edit"]);

export const ROLE_ACTIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  admin: new Set(ACTIONS),
  // National focal points: their countries' data and source metadata, and the shared note texts.
  editor: new Set<Action>(["drafts.read", "account.self", "data.import", "observations.edit", "sources.edit", "notes.edit"]),
  // ILO reviewers: move rounds through validation to publication, or send them back.
  reviewer: new Set<Action>(["drafts.read", "account.self", "rounds.validate", "rounds.publish", "rounds.reopen"]),
  viewer: new Set<Action>(["drafts.read", "account.self"]),
};

/**
 * The action each mutation needs (`public` for the authentication mutations). A mutation missing here is treated
 * as `system.admin` (fail closed) and `test/governance` fails, so a new mutation cannot slip through unguarded.
 */
export const MUTATION_RULES: Readonly<Record<string, Action | "public">> = {
  // authentication
  login: "public",
  refreshToken: "public",
  logout: "public",
  setupAdmin: "public",
  changePassword: "account.self",
  setMyLanguage: "account.self",
  // accounts
  createUser: "users.manage",
  updateUser: "users.manage",
  deleteUser: "users.manage",
  createApiKey: "apiKeys.manage",
  revokeApiKey: "apiKeys.manage",
  // publication workflow
  createRound: "rounds.create",
  updateRound: "rounds.update",
  submitRound: "rounds.submit",
  reopenRound: "rounds.reopen",
  validateRound: "rounds.validate",
  publishRound: "rounds.publish",
  rescheduleRelease: "rounds.publish",
  // data
  importObservations: "data.import",
  // metadata
  createSource: "sources.edit",
  updateSource: "sources.edit",
  createNote: "notes.edit",
  updateNote: "notes.edit",
  deleteNote: "notes.edit",
  createCodelist: "codelists.edit",
  updateCodelist: "codelists.edit",
  createCode: "codelists.edit",
  updateCode: "codelists.edit",
  relabelCode: "codelists.edit",
  deleteCode: "codelists.edit",
  createCountryGroup: "codelists.edit",
  updateCountryGroup: "codelists.edit",
  addGroupMember: "codelists.edit",
  endGroupMember: "codelists.edit",
};

export function ruleFor(mutation: string): Action | "public" {
  return MUTATION_RULES[mutation] ?? "system.admin";
}

/** Whether a role may perform an action at all (country scope aside). */
export function roleAllows(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role]?.has(action) ?? false;
}

export interface AuthorizeScope {
  /** Reporting countries (ISO alpha-3) the operation touches; required for country-scoped actions. */
  countries?: readonly string[];
}

/**
 * Throws UNAUTHENTICATED for anonymous callers and FORBIDDEN when the caller's role lacks the action or, for a
 * country-scoped action, when any of `countries` is outside the caller's scope. Returns the caller.
 */
export function authorize(ctx: Caller, action: Action, scope: AuthorizeScope = {}): NonNullable<Caller["user"]> {
  const user = ctx.user;
  if (!user) throw new GovernanceError(GovernanceCode.Unauthenticated, "Log in (or send an API key) to do this");
  if (!roleAllows(user.role, action))
    throw new GovernanceError(GovernanceCode.Forbidden, `Role ${user.role} may not ${describe(action)}`, { action });
  if (COUNTRY_SCOPED.has(action) && user.role !== "admin" && scope.countries !== undefined) {
    const allowed = new Set(user.countries);
    const outside = [...new Set(scope.countries)].filter((c) => !allowed.has(c)).sort();
    if (outside.length > 0) {
      throw new GovernanceError(
        GovernanceCode.Forbidden,
        `Your account may ${describe(action)} for ${user.countries.length ? user.countries.join(", ") : "no country"} only, not ${outside.join(", ")}`,
        { action, countries: outside },
      );
    }
  }
  return user;
}

function describe(action: Action): string {
  const [subject, verb] = action.split(".") as [string, string];
  const nouns: Record<string, string> = {
    apiKeys: "API keys",
    codelists: "code lists",
    data: "data",
    drafts: "drafts",
    system: "the system",
  };
  if (action === "data.import") return "import data";
  if (action === "drafts.read") return "read unpublished data";
  if (action === "system.admin") return "do this (administrators only)";
  if (action === "account.self") return "change an account's own settings";
  return `${verb} ${nouns[subject] ?? subject}`;
}
