import { RateLimiterRedis, type RateLimiterRes } from "rate-limiter-flexible";
import { redis } from "../redis";

/** Failed sign-ins allowed per window before the account, or the client address, is locked out. */
export const SIGN_IN_LIMITS = {
  perAccount: { points: Number(process.env.SIGNIN_MAX_FAILS_PER_ACCOUNT ?? 5), duration: 15 * 60 },
  perIp: { points: Number(process.env.SIGNIN_MAX_FAILS_PER_IP ?? 30), duration: 15 * 60 },
};

let limiters: { account: RateLimiterRedis; ip: RateLimiterRedis } | undefined;

function signInLimiters() {
  limiters ??= {
    account: new RateLimiterRedis({ storeClient: redis(), keyPrefix: "signin:fail:account", ...SIGN_IN_LIMITS.perAccount, blockDuration: SIGN_IN_LIMITS.perAccount.duration }),
    ip: new RateLimiterRedis({ storeClient: redis(), keyPrefix: "signin:fail:ip", ...SIGN_IN_LIMITS.perIp, blockDuration: SIGN_IN_LIMITS.perIp.duration }),
  };
  return limiters;
}

/** Seconds until a locked-out account or address may try again; 0 when it may try now. */
export async function signInLockout(accountKey: string, ip: string): Promise<number> {
  const { account, ip: byIp } = signInLimiters();
  const [a, i] = await Promise.all([account.get(accountKey), byIp.get(ip)]);
  const blocked = (res: RateLimiterRes | null, points: number) => (res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0);
  return Math.max(blocked(a, SIGN_IN_LIMITS.perAccount.points), blocked(i, SIGN_IN_LIMITS.perIp.points));
}

export async function recordFailedSignIn(accountKey: string, ip: string): Promise<void> {
  const { account, ip: byIp } = signInLimiters();
  // consume() rejects once the budget is spent; the lockout check above reports that.
  await Promise.allSettled([account.consume(accountKey), byIp.consume(ip)]);
}

export async function clearFailedSignIns(accountKey: string): Promise<void> {
  await signInLimiters().account.delete(accountKey);
}
