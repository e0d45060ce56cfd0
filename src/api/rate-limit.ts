// Token buckets in memory: each holds one minute's requests and refills evenly.
import type { Clock } from "../time.ts";

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the bucket is full again */
  resetAt: number;
  /** whole seconds until one request is allowed again (≥ 1) */
  retryAfter: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
  capacity: number;
}

const MINUTE_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;
const SWEEP_AT_SIZE = 100_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweepMs = 0;

  constructor(private readonly clock: Clock) {}

  /** Takes `cost` tokens (0 only looks) from the bucket `key` holding `perMinute` requests; `now` if the caller has read the clock. */
  take(key: string, perMinute: number, cost = 1, now = this.clock()): RateDecision {
    this.sweepIfDue(now);
    const bucket = this.refilled(key, perMinute, now);
    const allowed = bucket.tokens >= cost && (cost > 0 || bucket.tokens >= 1);
    if (allowed) bucket.tokens -= cost;
    const perMs = perMinute / MINUTE_MS;
    return {
      allowed,
      limit: perMinute,
      remaining: Math.max(0, Math.floor(bucket.tokens)),
      resetAt: Math.ceil((now + (perMinute - bucket.tokens) / perMs) / 1000),
      retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
    };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, capacity: number, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, updatedMs: now, capacity };
      this.buckets.set(key, bucket);
      return bucket;
    }
    if (bucket.capacity !== capacity) {
      // plan changed: keep the same fraction used
      bucket.tokens = (bucket.tokens / bucket.capacity) * capacity;
      bucket.capacity = capacity;
    }
    const elapsed = Math.max(0, now - bucket.updatedMs);
    bucket.tokens = Math.min(capacity, bucket.tokens + (elapsed * capacity) / MINUTE_MS);
    bucket.updatedMs = now;
    return bucket;
  }

  /** A bucket that has refilled completely is the same as no bucket: drop it so idle keys cost nothing. */
  private sweepIfDue(now: number): void {
    if (now - this.lastSweepMs < SWEEP_EVERY_MS && this.buckets.size < SWEEP_AT_SIZE) return;
    this.lastSweepMs = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedMs) * bucket.capacity) / MINUTE_MS >= bucket.capacity) {
        this.buckets.delete(key);
      }
    }
  }
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(decision.limit),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(decision.resetAt),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfter);
  return headers;
}
