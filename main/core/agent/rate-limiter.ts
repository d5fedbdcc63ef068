import { SigndeskError } from '../../../preload/contract/errors';

export interface RateLimit {
  /** Requests a caller may make at once. */
  burst: number;
  /** Requests per second refilled. */
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per caller (origin, token or anonymous): a page in a loop cannot flood the app. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request from the caller's bucket, or throws ERR_RATE_LIMITED with the seconds to wait. */
  take(key: string): void {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
      throw new SigndeskError('ERR_RATE_LIMITED', `Too many requests: try again in ${retryAfter} s`, { retryAfter });
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(key);
    }
  }
}
