"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/server/auth";
import { SIGN_IN_MESSAGES, signInInput, type SignInFailure } from "@/server/auth/sign-in";

export interface SignInState {
  error?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
}

/** Signs in on the host the form was posted to; the session cookie belongs to that host only. */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const raw = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) {
    const { fieldErrors } = { fieldErrors: parsed.error.flatten().fieldErrors };
    return { fieldErrors, email: raw.email };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const code = (error.code in SIGN_IN_MESSAGES ? error.code : "invalid_credentials") as SignInFailure;
      return { error: SIGN_IN_MESSAGES[code], email: raw.email };
    }
    if (error instanceof AuthError) return { error: "Sign-in failed. Please try again.", email: raw.email };
    throw error;
  }
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/sign-in");
}
