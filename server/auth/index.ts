import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { resolveHost } from "../domain/tenancy/hosts";
import { checkSignIn, clientIp, type SignInFailure } from "./sign-in";

/** Session lifetime; after it the user signs in again. */
export const SESSION_MAX_AGE_SECONDS = Number(process.env.SESSION_MAX_AGE_SECONDS ?? 8 * 60 * 60);

class SignInRefused extends CredentialsSignin {
  constructor(reason: SignInFailure) {
    super(reason);
    this.code = reason;
  }
}

declare module "next-auth" {
  interface User {
    tenantId?: string | null;
  }
  interface Session {
    /** The tenant this session was issued on; null on the platform console. */
    tenantId: string | null;
  }
}

/*
 * Each host keeps its own session cookie (no cookie domain is set), and sign-in runs as a server
 * action on the host being signed into, so Auth.js never redirects across hosts. The token records
 * the tenant it was issued for; every request re-derives the tenant from its Host and checks both.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: { error: (error) => { if (!(error instanceof CredentialsSignin)) console.error(error); } },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const host = await resolveHost(request.headers.get("host"));
        const result = await checkSignIn(host, credentials, clientIp(request.headers));
        if (!result.ok) throw new SignInRefused(result.reason);
        return result.user;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.tenantId = user.tenantId ?? null;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.tenantId = (token.tenantId as string | null | undefined) ?? null;
      return session;
    },
  },
});
