/**
 * The response cache for anonymous reads of published data: in memory by default, in Redis when `REDIS_URL`
 * is set (shared by every API process). Entries are keyed by the operation (query, operation name, variables)
 * and a data epoch; {@link invalidateResponseCache} moves the epoch on, which drops every entry at once in
 * every process (Redis) or in this one (memory). The API calls it after every successful mutation, and the
 * publication workflow after publishing a round. Entries also expire at the next embargo release, when a
 * published round becomes public without any mutation.
 */
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { forgetCodeIndexes } from "@ilms/query";

export interface CachedResponse {
  status: number;
  contentType: string;
  body: string;
  etag: string;
  /** Seconds the entry (and clients) may keep it. */
  maxAge: number;
  /** Gzip of the body, made once on first request that accepts it. */
  gzip?: Buffer;
}

/** The data epoch a request started in (opaque): an answer is stored only if it is still the current one. */
export type CacheEpoch = string;

export interface ResponseCache {
  readonly kind: "memory" | "redis";
  /** The current data epoch; read it when a request starts, before any data is read. */
  epoch(): Promise<CacheEpoch>;
  get(key: string): Promise<CachedResponse | undefined>;
  /**
   * Stores an answer computed by a request that started in epoch `since`, only if no invalidation happened
   * since then (an answer computed across a publication may hold the data from before it).
   */
  set(key: string, entry: CachedResponse, since: CacheEpoch): Promise<void>;
  /** Drops every entry (moves the data epoch on). */
  invalidate(): Promise<void>;
  close(): Promise<void>;
}

/** Cache key of an operation; null when the request is not a cacheable read. */
export function cacheKey(op: { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown }): string | null {
  if (typeof op.query !== "string" || op.query.length === 0) return null;
  // Persisted-query and other extensions change what runs; keep them out of the cache.
  if (op.extensions !== undefined && op.extensions !== null && Object.keys(op.extensions as object).length > 0) return null;
  const variables = typeof op.variables === "string" ? op.variables : JSON.stringify(op.variables ?? null);
  return createHash("sha256")
    .update(op.query)
    .update("\u0000")
    .update(typeof op.operationName === "string" ? op.operationName : "")
    .update("\u0000")
    .update(variables)
    .digest("base64url");
}

export function etagOf(body: string): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** A bounded in-process cache; oldest entries go first when it is full. */
export class MemoryResponseCache implements ResponseCache {
  readonly kind = "memory";
  private entries = new Map<string, { entry: CachedResponse; expires: number }>();
  private bytes = 0;
  private generation = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {
    caches.add(this);
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires <= Date.now()) {
      this.drop(key);
      return undefined;
    }
    return hit.entry;
  }

  async epoch(): Promise<CacheEpoch> {
    return String(this.generation);
  }

  async set(key: string, entry: CachedResponse, since: CacheEpoch): Promise<void> {
    if (since !== String(this.generation)) return;
    this.drop(key);
    const size = entry.body.length * 2;
    if (size > this.maxBytes / 4) return;
    while (this.bytes + size > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.drop(oldest.value);
    }
    this.entries.set(key, { entry, expires: Date.now() + entry.maxAge * 1000 });
    this.bytes += size;
  }

  private drop(key: string) {
    const hit = this.entries.get(key);
    if (!hit) return;
    this.bytes -= hit.entry.body.length * 2;
    this.entries.delete(key);
  }

  async invalidate(): Promise<void> {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  async close(): Promise<void> {
    caches.delete(this);
    await this.invalidate();
  }
}

/** Stores ARGV[2] under KEYS[2] for ARGV[3] seconds if the epoch KEYS[1] still is ARGV[1] ("" for unset). */
const STORE_IF_EPOCH = `
local current = redis.call('get', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('set', KEYS[2], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1`;

/**
 * A cache shared by every process through Redis; the epoch lives in Redis so invalidation reaches all. While
 * Redis cannot be reached the cache goes on in this process's memory (said once per outage in the log), and
 * never waits for Redis while it is known down. Back, it drops what it kept in memory
 * and, if invalidations were missed meanwhile, moves the shared epoch on so that no process serves an entry
 * from before them.
 */
export class RedisResponseCache implements ResponseCache {
  readonly kind = "redis";
  private readonly redis: Redis;
  private readonly epochKey: string;
  private readonly memory = new MemoryResponseCache();
  private down = false;
  private missedInvalidation = false;

  constructor(
    private readonly url: string,
    private readonly prefix = "ilms:rc:",
  ) {
    this.redis = new Redis(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      // Commands wait for the first connection at start-up; once Redis is known down none is sent (see `shared`).
      enableOfflineQueue: true,
      retryStrategy: (times) => Math.min(200 * times, 2_000),
    });
    this.redis.on("error", (error: Error) => this.wentDown(error));
    this.redis.on("close", () => this.wentDown(new Error("connection closed")));
    this.redis.on("ready", () => this.cameBack());
    this.epochKey = `${prefix}epoch`;
    caches.add(this);
  }

  /** Whether commands go to Redis now; else (after an error or a lost connection, until `ready`) to memory. */
  get shared(): boolean {
    return !this.down;
  }

  private wentDown(error: Error) {
    if (this.down || this.redis.status === "end") return;
    this.down = true;
    console.error(
      `Redis at ${redactUrl(this.url)} unreachable (${error.message}): caching responses in this process's memory until it is back`,
    );
  }

  private cameBack() {
    if (!this.down) return;
    this.down = false;
    console.error(`Redis at ${redactUrl(this.url)} reachable again: the shared response cache resumes`);
    void this.memory.invalidate();
    if (this.missedInvalidation) {
      this.missedInvalidation = false;
      this.redis.incr(this.epochKey).catch(() => (this.missedInvalidation = true));
    }
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    if (!this.shared) return this.memory.get(key);
    try {
      const [epoch, raw] = await this.redis.mget(this.epochKey, this.prefix + key);
      if (!raw) return undefined;
      const stored = JSON.parse(raw) as CachedResponse & { epoch: string | null };
      if (stored.epoch !== (epoch ?? null)) return undefined;
      return { status: stored.status, contentType: stored.contentType, body: stored.body, etag: stored.etag, maxAge: stored.maxAge };
    } catch {
      return undefined;
    }
  }

  /** `r:` + the shared epoch, or `m:` + the memory cache's: an answer is stored only where its request began. */
  async epoch(): Promise<CacheEpoch> {
    if (!this.shared) return `m:${await this.memory.epoch()}`;
    try {
      return `r:${(await this.redis.get(this.epochKey)) ?? ""}`;
    } catch {
      // Lost meanwhile: an epoch no entry can match, so nothing computed now is stored.
      return "unavailable";
    }
  }

  async set(key: string, entry: CachedResponse, since: CacheEpoch): Promise<void> {
    if (since.startsWith("m:")) {
      if (!this.shared) await this.memory.set(key, entry, since.slice(2));
      return;
    }
    if (!since.startsWith("r:") || !this.shared) return;
    const epoch = since.slice(2);
    try {
      const { gzip: _gzip, ...rest } = entry;
      // Compare and store in one step on the server: an invalidation between the two cannot be missed.
      await this.redis.eval(
        STORE_IF_EPOCH,
        2,
        this.epochKey,
        this.prefix + key,
        epoch,
        JSON.stringify({ ...rest, epoch: epoch === "" ? null : epoch }),
        Math.max(1, entry.maxAge),
      );
    } catch {
      // best effort: a failed write only costs a later miss
    }
  }

  async invalidate(): Promise<void> {
    await this.memory.invalidate();
    try {
      if (!this.shared) throw new Error("not connected");
      await this.redis.incr(this.epochKey);
    } catch {
      // Done on reconnection (see cameBack): entries stored before this invalidation are then never served.
      this.missedInvalidation = true;
    }
  }

  async close(): Promise<void> {
    caches.delete(this);
    await this.memory.close();
    this.redis.disconnect();
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/** Every live cache of this process, so that one call reaches them all. */
const caches = new Set<ResponseCache>();

/**
 * Drops every cached response (memory caches of this process; Redis caches of every process) and the code lists'
 * index the engine expands filters with ({@link forgetCodeIndexes}). Call it after
 * anything that changes what anonymous readers see: publishing a round, editing published metadata.
 */
export async function invalidateResponseCache(): Promise<void> {
  localEpoch++;
  // The code lists' index too: the hierarchy a filter's codes are expanded along may be what changed.
  forgetCodeIndexes();
  await Promise.all([...caches].map((c) => c.invalidate().catch(() => undefined)));
}

let localEpoch = 0;

/**
 * This process's data epoch, moved on by {@link invalidateResponseCache}: other in-process caches of data that
 * mutations change (code labels) compare it to drop themselves at the same moment.
 */
export function dataEpoch(): number {
  return localEpoch;
}

/** The cache the environment asks for. */
export function createResponseCache(options: { redisUrl?: string | undefined }): ResponseCache {
  return options.redisUrl ? new RedisResponseCache(options.redisUrl) : new MemoryResponseCache();
}
