import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

// Two entries: the console at `/` and the offline GraphiQL at `/graphiql` (the API maps it to graphiql.html).
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      // GraphiQL's packages carry React-compiler directives the bundler cannot keep; harmless, so not shown.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
      input: { main: resolve(here, "index.html"), graphiql: resolve(here, "graphiql.html") },
    },
  },
  worker: { format: "es" },
  server: {
    port: 5173,
    proxy: { "/graphql": "http://127.0.0.1:4000", "/healthz": "http://127.0.0.1:4000", "/branding": "http://127.0.0.1:4000" },
  },
});
