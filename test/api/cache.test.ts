/**
 * The response cache backends: memory (bounded, expiring) and Redis (shared by processes: an invalidation in one
 * reaches the others through the epoch kept in Redis). The Redis half runs when TEST_REDIS_URL is set (CI sets it
 * when a Redis server is available).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, seedReferenceData } from "@ilms/db";
import type { DbHandle } from "@ilms/db";
import { createApp } from "../../apps/api/src/app";
import { MemoryResponseCache, RedisResponseCache, etagOf, invalidateResponseCache } from "../../apps/api/src/http/response-cache";
import type { CachedResponse } from "../../apps/api/src/http/response-cache";

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
const entry = (body: string, maxAge = 60): CachedResponse => ({
  status: 200,
  contentType: "application/json",
  body,
  etag: etagOf(body),
  maxAge,
});

describe("memory response cache", () => {
  it("stores, expires, evicts the oldest when full and empties on invalidation", async () => {
    const cache = new MemoryResponseCache(4000);
    // Each entry counts 900 bytes (UTF-16): four fit in 4000, the fifth pushes the oldest out.
    for (const key of ["a", "b", "c", "d"]) await cache.set(key, entry(key.repeat(450)), await cache.epoch());
    expect((await cache.get("a"))?.body).toHaveLength(450);
    await cache.set("e", entry("e".repeat(450)), await cache.epoch());
    expect(await cache.get("a")).toBeUndefined();
    expect(await cache.get("e")).toBeDefined();
    await cache.set("f", entry("f", 0), await cache.epoch());
    expect(await cache.get("f")).toBeUndefined();
    await invalidateResponseCache();
    expect(await cache.get("e")).toBeUndefined();
    await cache.close();
  });
});

describe.skipIf(!TEST_REDIS_URL)("Redis response cache", () => {
  const prefix = `ilms:test:${randomBytes(4).toString("hex")}:`;
  let db: DbHandle;
  const caches: RedisResponseCache[] = [];
  const open = () => {
    const cache = new RedisResponseCache(TEST_REDIS_URL!, prefix);
    caches.push(cache);
    return cache;
  };

  beforeAll(async () => {
    db = await openDb({ dataDir: "memory" });
    await db.migrate();
    await seedReferenceData(db);
  });
  afterAll(async () => {
    for (const c of caches) await c.close();
    await db.close();
  });

  it("shares entries between processes and drops them everywhere on invalidation", async () => {
    const one = open();
    const two = open(); // another API process
    await one.set("k", entry('{"data":{}}'), await one.epoch());
    expect((await two.get("k"))?.body).toBe('{"data":{}}');
    await two.invalidate();
    expect(await one.get("k")).toBeUndefined();
  });

  it("serves repeated anonymous reads from Redis through the API", async () => {
    const app = await createApp({ db, responseCache: open() });
    const url = await app.listen(0);
    try {
      const query = encodeURIComponent(`{ tables { id title } }`);
      const first = await fetch(`${url}/graphql?query=${query}`);
      expect(first.headers.get("x-cache")).toBe("MISS");
      const second = await fetch(`${url}/graphql?query=${query}`);
      expect(second.headers.get("x-cache")).toBe("HIT");
      expect(await second.json()).toEqual(await first.json());
    } finally {
      await app.close();
    }
  });
});
