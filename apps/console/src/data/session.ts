/**
 * The signed-in session: stored in localStorage, its access token refreshed shortly before it expires, and
 * the auth API (login, logout, first-admin set-up, me).
 */
import { graphql } from "./graphql";
import type { ResultOf } from "./graphql";
import { post, request } from "./transport";

const SESSION_KEY = "ilms.session";

const SessionFields = graphql(`
  fragment SessionFields on AuthPayload {
    accessToken
    refreshToken
    expiresAt
    user {
      id
      email
      name
      role
      countries
      lang
    }
  }
`);

export type Session = ResultOf<typeof SessionFields>;
export type SessionUser = Session["user"];

export const sessionStore = {
  get(): Session | null {
    try {
      const text = localStorage.getItem(SESSION_KEY);
      return text ? (JSON.parse(text) as Session) : null;
    } catch {
      return null;
    }
  },
  set(session: Session): void {
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  },
  clear(): void {
    localStorage.removeItem(SESSION_KEY);
  },
};

const Refresh = graphql(
  `
    mutation Refresh($token: String!) {
      refreshToken(refreshToken: $token) {
        ...SessionFields
      }
    }
  `,
  [SessionFields],
);

let refreshing: Promise<string | null> | null = null;

/** The access token, refreshed shortly before it expires (one refresh at a time). */
export async function accessToken(): Promise<string | null> {
  const session = sessionStore.get();
  if (!session) return null;
  if (Date.parse(session.expiresAt) - Date.now() > 30_000) return session.accessToken;
  refreshing ??= post(Refresh, { token: session.refreshToken }, null)
    .then((data) => {
      const next = data.refreshToken;
      sessionStore.set(next);
      return next.accessToken;
    })
    .catch(() => {
      sessionStore.clear();
      return null;
    })
    .finally(() => (refreshing = null));
  return refreshing;
}

const Login = graphql(
  `
    mutation Login($email: String!, $password: String!) {
      login(email: $email, password: $password) {
        ...SessionFields
      }
    }
  `,
  [SessionFields],
);
const Logout = graphql(`
  mutation Logout($t: String) {
    logout(refreshToken: $t)
  }
`);
const SetupRequired = graphql(`
  query SetupRequired {
    setupRequired
  }
`);
const SetupAdmin = graphql(
  `
    mutation SetupAdmin($token: String!, $email: String!, $password: String!, $name: String) {
      setupAdmin(token: $token, email: $email, password: $password, name: $name) {
        ...SessionFields
      }
    }
  `,
  [SessionFields],
);
const Me = graphql(`
  query Me {
    me {
      id
      email
      name
      role
      countries
      lang
    }
  }
`);
const SetMyLanguage = graphql(`
  mutation SetMyLanguage($lang: String) {
    setMyLanguage(lang: $lang) {
      lang
    }
  }
`);

export const authApi = {
  async login(email: string, password: string): Promise<Session> {
    const session = (await post(Login, { email, password }, null)).login;
    sessionStore.set(session);
    return session;
  },
  async logout(): Promise<void> {
    const session = sessionStore.get();
    sessionStore.clear();
    // Ends the session server-side too, so a copied refresh token stops working.
    if (session) await post(Logout, { t: session.refreshToken }, session.accessToken).catch(() => undefined);
  },
  /** True while no administrator exists: the login page then offers the first-admin set-up. */
  async setupRequired(): Promise<boolean> {
    return (await post(SetupRequired, {}, null)).setupRequired;
  },
  /** Creates the first administrator with the one-time token the server printed, and signs in as them. */
  async setupAdmin(args: { token: string; email: string; password: string; name?: string }): Promise<Session> {
    const session = (await post(SetupAdmin, { ...args, name: args.name || null }, null)).setupAdmin;
    sessionStore.set(session);
    return session;
  },
  async me(): Promise<SessionUser | null> {
    return (await request(Me, {})).me;
  },
  /** Remembers the console language on the signed-in account (so it follows the person to another browser). */
  async setLanguage(lang: string): Promise<void> {
    const saved = (await request(SetMyLanguage, { lang })).setMyLanguage.lang;
    const session = sessionStore.get();
    if (session) sessionStore.set({ ...session, user: { ...session.user, lang: saved } });
  },
};
