# syntax=docker/dockerfile:1
# ILMS Warehouse API (serving the built console) for deployers. Build: `docker build -t ilms-warehouse .`;
# the whole stack (API, PostgreSQL 15 with one streaming replica, Redis): `docker compose up` (compose.yaml).

# 1. Build: every package and app to JavaScript (esbuild, source maps) and the console (Vite).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/cli/package.json apps/cli/
COPY apps/console/package.json apps/console/
COPY packages/codelists/package.json packages/codelists/
COPY packages/db/package.json packages/db/
COPY packages/domain/package.json packages/domain/
COPY packages/formats/package.json packages/formats/
COPY packages/governance/package.json packages/governance/
COPY packages/ingest/package.json packages/ingest/
COPY packages/query/package.json packages/query/
COPY packages/sdmx/package.json packages/sdmx/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies of the API and the CLI only (the console is served as built files).
FROM node:20-slim AS deps
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json /app/.npmrc ./
COPY --from=build /app/apps/api/package.json apps/api/
COPY --from=build /app/apps/cli/package.json apps/cli/
COPY --from=build /app/apps/console/package.json apps/console/
COPY --from=build /app/packages packages
RUN npm ci --omit=dev --no-audit --no-fund -w @ilms/api -w @ilms/cli

# 3. Runtime: node on the built output, as the unprivileged `node` user; pg_dump/pg_restore for `ilms backup`.
FROM node:20-slim AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /data && chown node:node /data
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    ILMS_DATA_DIR=/data/pglite
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/drizzle drizzle
COPY --from=build /app/packages packages
COPY --from=build /app/apps/api/package.json apps/api/
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/cli/package.json apps/cli/
COPY --from=build /app/apps/cli/dist apps/cli/dist
COPY --from=build /app/apps/console/dist apps/console/dist
USER node
VOLUME /data
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The CLI from the same image: docker compose exec api node --conditions=ilms-dist apps/cli/dist/main.js backup -o /data/ilms.dump
CMD ["node", "--enable-source-maps", "--conditions=ilms-dist", "apps/api/dist/main.js"]
