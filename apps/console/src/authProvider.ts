/**
 * Login through the governance API; roles decide what the console shows (the server refuses the rest anyway).
 */
import type { AuthProvider } from "react-admin";
import { ApiError, authApi, sessionStore } from "./data";
import type { SessionUser } from "./data";

export type Role = SessionUser["role"];
type Action = "list" | "show" | "create" | "edit" | "delete" | "export" | "submit" | "validate" | "publish" | "import" | string;

const READ = new Set(["list", "show", "export"]);

/**
 * What each role may do per resource, mirroring the server's rules: admins everything; editors import, and edit
 * sources and notes (of their countries: the server checks the country); reviewers move rounds; viewers read.
 */
export function allowed(role: Role | undefined, resource: string, action: Action): boolean {
  if (!role) return false;
  if (role === "admin") return true;
  if (resource === "users" || resource === "audit") return false;
  if (READ.has(action)) return true;
  switch (resource) {
    case "import":
      return role === "editor";
    case "sources":
    case "notes":
      return role === "editor" && (action === "edit" || action === "create");
    case "rounds":
      return (role === "editor" && action === "submit") || (role === "reviewer" && (action === "validate" || action === "publish"));
    default:
      return false;
  }
}

function isAuthError(error: unknown): boolean {
  type GraphQLErrors = { extensions?: { code?: unknown } }[];
  const e = error as { status?: number; body?: { graphQLErrors?: GraphQLErrors; errors?: GraphQLErrors }; code?: string } | undefined;
  if (e instanceof ApiError) return e.code === "UNAUTHENTICATED";
  if (e?.status === 401) return true;
  const errors = e?.body?.graphQLErrors ?? e?.body?.errors ?? [];
  return Array.isArray(errors) && errors.some((x) => x?.extensions?.code === "UNAUTHENTICATED");
}

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    try {
      await authApi.login(username, password);
    } catch (error) {
      throw new Error(error instanceof ApiError ? error.message : "The server could not be reached", { cause: error });
    }
  },
  async logout() {
    await authApi.logout();
  },
  async checkAuth() {
    if (!sessionStore.get()) throw new Error("Please sign in");
  },
  async checkError(error) {
    if (isAuthError(error)) {
      sessionStore.clear();
      throw new Error("Your session has ended; please sign in again");
    }
  },
  async getIdentity() {
    const user = sessionStore.get()?.user;
    if (!user) throw new Error("Not signed in");
    return { id: user.id, fullName: user.name || user.email, role: user.role, countries: user.countries };
  },
  async getPermissions() {
    return sessionStore.get()?.user.role;
  },
  async canAccess({ resource, action }) {
    return allowed(sessionStore.get()?.user.role, resource, action);
  },
};
