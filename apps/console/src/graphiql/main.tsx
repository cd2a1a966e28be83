/**
 * The GraphQL explorer, bundled (no CDN): served by the API at `/graphiql`. It sends the console's access token
 * when one is stored, and opens one tab per example operation shipped with the API.
 */
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";

const SESSION_KEY = "ilms.session";

function token(): string | null {
  try {
    return (JSON.parse(localStorage.getItem(SESSION_KEY) ?? "null") as { accessToken?: string } | null)?.accessToken ?? null;
  } catch {
    return null;
  }
}

// Example operations live with the API (apps/api/src/examples); the build copies them in.
const examples = import.meta.glob<string>("../../../api/src/examples/*.graphql", { query: "?raw", import: "default", eager: true });

const tabs = Object.entries(examples)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, query]) => ({ query }));

const fallback = `# ILMS Warehouse GraphQL API.
# Press the play button (Ctrl-Enter) to run; the documentation explorer lists every type and field.
query Tables {
  tables { id title unit dimensions { key title codelistId } }
}
`;

const fetcher = createGraphiQLFetcher({
  url: "/graphql",
  fetch: (input, init) => {
    const headers = new Headers(init?.headers);
    const t = token();
    if (t && !headers.has("authorization")) headers.set("authorization", `Bearer ${t}`);
    return fetch(input, { ...init, headers });
  },
});

createRoot(document.getElementById("graphiql")!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultTabs={tabs.length ? tabs : [{ query: fallback }]} defaultEditorToolsVisibility="variables" />
  </StrictMode>,
);
