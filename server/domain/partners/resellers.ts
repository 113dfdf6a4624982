import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, ilike, sql } from "drizzle-orm";
import type { z } from "zod";
import { resellerInvitations, resellers, tenantDomains } from "../../../db/schema";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { resolveTheme, type ThemeTokens } from "../../../themes";
import { forgetTenantActor } from "../access/actor";
import { recordAudit } from "../access/audit";
import { addMembership, findOrCreateUser } from "../access/users";
import { containsPattern, DomainError } from "../errors";
import { addTenantDomain } from "../tenancy/domains";
import type { acceptInvitationInput, brandingInput, inviteAgentInput, InviteResellerInput, setCommercialTermsInput, setResellerStatusInput } from "./schemas";

export type Reseller = typeof resellers.$inferSelect;
export interface Acting { tenantId: string; userId: string }

/** How long an invitation link works. */
export const INVITATION_DAYS = 14;

/** Adds a reseller to the transaction's tenant (fixtures and seeds; operators use inviteReseller). */
export async function createReseller(tx: TenantTx, input: { tenantId: string; id?: string; name: string; commercialModel?: "agency" | "buy_sell"; status?: "invited" | "active" | "suspended" }) {
  const [row] = await tx.insert(resellers).values(input).onConflictDoNothing().returning();
  return row ?? null;
}

export async function loadReseller(tx: TenantTx, id: string, opts: { lock?: boolean } = {}): Promise<Reseller> {
  const query = tx.select().from(resellers).where(eq(resellers.id, id));
  const [row] = opts.lock ? await query.for("update") : await query;
  if (!row) throw new DomainError("NOT_FOUND", "No such reseller", { resellerId: ["No such reseller"] });
  return row;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The path a person opens to accept an invitation, on the tenant's (or the reseller's) host. */
export const invitationPath = (token: string) => `/invitations/${token}`;

/**
 * An operator invites a reseller: the company (status `invited`, its commercial model and contact)
 * and an invitation for its admin. Inviting the same contact email again returns the reseller it
 * made (a retry), with a fresh link; the company name of another reseller with that contact is a CONFLICT.
 */
export async function inviteReseller(tx: TenantTx, acting: Acting, input: InviteResellerInput): Promise<{ resellerId: string; created: boolean; invitationPath: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('reseller-invite:' || ${acting.tenantId} || ':' || ${input.contactEmail}, 0))`);
  const [existing] = await tx.select().from(resellers).where(and(eq(resellers.contactEmail, input.contactEmail), eq(resellers.status, "invited")));
  if (existing && existing.name !== input.company) {
    throw new DomainError("CONFLICT", `${input.contactEmail} is already the contact of the invited reseller "${existing.name}"`, { contactEmail: ["Already invited for another company"] });
  }
  const reseller =
    existing ??
    (await tx.insert(resellers).values({ tenantId: acting.tenantId, name: input.company, contactEmail: input.contactEmail, commercialModel: input.commercialModel, status: "invited" }).returning())[0];
  const { token } = await issueInvitation(tx, acting, { resellerId: reseller.id, email: input.contactEmail, name: input.contactName, role: "reseller_admin" });
  if (!existing) {
    await recordAudit(tx, {
      tenantId: acting.tenantId, actorUserId: acting.userId, action: "reseller.invited", entityType: "reseller", entityId: reseller.id,
      data: { company: input.company, contactEmail: input.contactEmail, commercialModel: input.commercialModel },
    });
  }
  return { resellerId: reseller.id, created: !existing, invitationPath: invitationPath(token) };
}

/** A reseller admin invites a colleague (an agent, or another admin) to its own team. */
export async function inviteAgent(tx: TenantTx, acting: Acting & { resellerId: string }, input: z.infer<typeof inviteAgentInput>): Promise<{ invitationPath: string }> {
  const reseller = await loadReseller(tx, acting.resellerId);
  if (reseller.status === "suspended") throw new DomainError("FORBIDDEN", "This reseller is suspended");
  const { token } = await issueInvitation(tx, acting, { resellerId: acting.resellerId, ...input });
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "reseller.agent_invited", entityType: "reseller", entityId: acting.resellerId, data: { email: input.email, role: input.role } });
  return { invitationPath: invitationPath(token) };
}

/**
 * One invitation per (reseller, email): issuing again rotates its token and extends it (the old link
 * stops working), unless it was accepted, which is a CONFLICT.
 */
async function issueInvitation(tx: TenantTx, acting: Acting, input: { resellerId: string; email: string; name: string; role: "reseller_admin" | "reseller_agent" }): Promise<{ token: string }> {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const [row] = await tx
    .insert(resellerInvitations)
    .values({ tenantId: acting.tenantId, resellerId: input.resellerId, email: input.email, name: input.name, role: input.role, tokenHash: hashToken(token), invitedBy: acting.userId, expiresAt })
    .onConflictDoUpdate({
      target: [resellerInvitations.tenantId, resellerInvitations.resellerId, resellerInvitations.email],
      set: { tokenHash: hashToken(token), expiresAt, name: input.name, role: input.role, invitedBy: acting.userId },
      setWhere: sql`${resellerInvitations.acceptedAt} is null`,
    })
    .returning({ id: resellerInvitations.id });
  if (!row) throw new DomainError("CONFLICT", `${input.email} has already accepted an invitation to this reseller`, { email: ["Already on the team"] });
  return { token };
}

export interface InvitationView { email: string; name: string; role: string; resellerName: string; expired: boolean; accepted: boolean }

/** What an invitation link is for (shown before accepting); null for an unknown token. */
export async function findInvitation(tx: TenantTx, token: string): Promise<InvitationView | null> {
  const [row] = await asSystem(tx, () =>
    tx.execute<{ email: string; name: string; role: string; reseller_name: string; expired: boolean; accepted: boolean }>(sql`
      select i.email, i.name, i.role, r.name as reseller_name, i.expires_at < now() as expired, i.accepted_at is not null as accepted
        from reseller_invitations i join resellers r on r.tenant_id = i.tenant_id and r.id = i.reseller_id where i.token_hash = ${hashToken(token)}`),
  );
  return row ? { email: row.email, name: row.name, role: row.role, resellerName: row.reseller_name, expired: row.expired, accepted: row.accepted } : null;
}

/**
 * Accepting an invitation (no session yet: the token is the credential): the login for the invited
 * email is found or created with the password given, the reseller membership added, the invitation
 * marked accepted, and an invited reseller becomes active when its admin accepts. Runs in the tenant's
 * system scope after the token checks out.
 */
export async function acceptInvitation(tx: TenantTx, tenantId: string, input: z.infer<typeof acceptInvitationInput>): Promise<{ email: string; loginCreated: boolean }> {
  return asSystem(tx, async () => {
    const [inv] = await tx.select().from(resellerInvitations).where(eq(resellerInvitations.tokenHash, hashToken(input.token))).for("update");
    if (!inv) throw new DomainError("NOT_FOUND", "This invitation link is not valid. Ask for a new one.");
    if (inv.acceptedAt) throw new DomainError("CONFLICT", "This invitation was already accepted: sign in instead.");
    if (inv.expiresAt.getTime() < Date.now()) throw new DomainError("BAD_REQUEST", "This invitation has expired. Ask for a new one.");
    const reseller = await loadReseller(tx, inv.resellerId, { lock: true });
    if (reseller.status === "suspended") throw new DomainError("FORBIDDEN", "This reseller is suspended; the invitation cannot be accepted.");
    const user = await findOrCreateUser(tx, { email: inv.email, name: input.name, password: input.password });
    const [member] = await tx.execute<{ reseller_id: string | null }>(sql`select reseller_id from memberships where user_id = ${user.id}`);
    if (member && member.reseller_id !== inv.resellerId) {
      throw new DomainError("CONFLICT", `${inv.email} already has another role in this workspace`);
    }
    if (!member) await addMembership(tx, { tenantId, userId: user.id, role: inv.role, resellerId: inv.resellerId });
    await tx.update(resellerInvitations).set({ acceptedAt: new Date(), acceptedUserId: user.id }).where(eq(resellerInvitations.id, inv.id));
    if (reseller.status === "invited" && inv.role === "reseller_admin") {
      await tx.update(resellers).set({ status: "active", statusChangedAt: new Date() }).where(eq(resellers.id, reseller.id));
    }
    await recordAudit(tx, { tenantId, actorUserId: user.id, action: "reseller.invitation_accepted", entityType: "reseller", entityId: reseller.id, data: { email: inv.email, role: inv.role } });
    return { email: inv.email, loginCreated: user.created };
  });
}

/** Suspends or reactivates a reseller. Its users cannot sign in while suspended; its customers are served as before. */
export async function setResellerStatus(tx: TenantTx, acting: Acting, input: z.infer<typeof setResellerStatusInput>): Promise<Reseller> {
  const reseller = await loadReseller(tx, input.resellerId, { lock: true });
  if (reseller.status === input.status) return reseller;
  if (reseller.status === "invited" && input.status === "active") throw new DomainError("BAD_REQUEST", "An invited reseller becomes active when its admin accepts the invitation");
  const [updated] = await tx.update(resellers).set({ status: input.status, statusChangedAt: new Date() }).where(eq(resellers.id, reseller.id)).returning();
  await recordAudit(tx, {
    tenantId: acting.tenantId, actorUserId: acting.userId, action: input.status === "suspended" ? "reseller.suspended" : "reseller.reactivated", entityType: "reseller", entityId: reseller.id,
    data: { from: reseller.status, reason: input.reason },
  });
  // Its people's cached memberships (the API's request context) go now, not after the cache's TTL.
  forgetTenantActor(acting.tenantId);
  return updated;
}

/** Agency or buy-sell, and the wholesale book a buy-sell reseller buys at. */
export async function setCommercialTerms(tx: TenantTx, acting: Acting, input: z.infer<typeof setCommercialTermsInput>): Promise<Reseller> {
  const reseller = await loadReseller(tx, input.resellerId, { lock: true });
  if (input.commercialModel === "buy_sell" && !input.wholesalePriceBookId) throw new DomainError("BAD_REQUEST", "A buy-sell reseller needs a wholesale price book", { wholesalePriceBookId: ["Choose the wholesale price book"] });
  if (input.wholesalePriceBookId) {
    const [book] = await tx.execute<{ kind: string; status: string }>(sql`select kind, status from price_books where id = ${input.wholesalePriceBookId}`);
    if (!book) throw new DomainError("BAD_REQUEST", "No such price book", { wholesalePriceBookId: ["No such price book"] });
    if (book.kind === "customer" || book.kind === "reseller") throw new DomainError("BAD_REQUEST", "The wholesale book must be a shared book (list or promotion kind), not a customer's or reseller's own", { wholesalePriceBookId: ["Choose a shared price book"] });
  }
  const [updated] = await tx
    .update(resellers)
    .set({ commercialModel: input.commercialModel, wholesalePriceBookId: input.commercialModel === "buy_sell" ? input.wholesalePriceBookId : null })
    .where(eq(resellers.id, reseller.id))
    .returning();
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "reseller.terms_changed", entityType: "reseller", entityId: reseller.id, data: { ...input } });
  return updated;
}

/** The brand a reseller's customers see: its own preset and overrides, or the tenant's when it has none. */
export function resellerTheme(reseller: Pick<Reseller, "themePreset" | "themeOverrides">, tenantTheme: ThemeTokens): ThemeTokens {
  return reseller.themePreset ? resolveTheme(reseller.themePreset, reseller.themeOverrides) : tenantTheme;
}

/** A reseller sets its own branding (tokens validated like a tenant's); null preset = the tenant's brand. */
export async function updateBranding(tx: TenantTx, acting: Acting & { resellerId: string }, input: z.infer<typeof brandingInput>): Promise<Reseller> {
  await loadReseller(tx, acting.resellerId, { lock: true });
  const [updated] = await tx
    .update(resellers)
    .set({ themePreset: input.themePreset, themeOverrides: input.themePreset ? input.overrides : {} })
    .where(eq(resellers.id, acting.resellerId))
    .returning();
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "reseller.branding_updated", entityType: "reseller", entityId: acting.resellerId, data: { ...input } });
  return updated;
}

/**
 * Registers the reseller's own domain (its customers' portal host). A host already used by anyone,
 * in this tenant or another, is a CONFLICT and nothing is written. Written in system scope after the
 * checks, since tenant_domains is otherwise staff-managed.
 */
export async function addResellerDomain(tx: TenantTx, acting: Acting & { resellerId: string }, host: string) {
  await loadReseller(tx, acting.resellerId);
  const row = await asSystem(tx, async () => {
    const domain = await addTenantDomain(tx, { tenantId: acting.tenantId, host, resellerId: acting.resellerId });
    if (domain.resellerId !== acting.resellerId) throw new DomainError("CONFLICT", `The domain ${domain.host} is already in use`, { host: ["This domain is already in use"] });
    return domain;
  });
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "reseller.domain_added", entityType: "reseller", entityId: acting.resellerId, data: { host: row.host } });
  return row;
}

export interface ResellerRow {
  id: string; name: string; status: string; contactEmail: string; commercialModel: string; customers: number; createdAt: Date;
}

/** The tenant's resellers (a reseller session sees itself), paged, with a name search. */
export async function listResellers(tx: TenantTx, input: { page: number; pageSize: number; search?: string; status?: string }) {
  const filters = [input.search ? ilike(resellers.name, containsPattern(input.search)) : undefined, input.status ? eq(resellers.status, input.status as Reseller["status"]) : undefined].filter(Boolean);
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({
        id: resellers.id, name: resellers.name, status: resellers.status, contactEmail: resellers.contactEmail, commercialModel: resellers.commercialModel, createdAt: resellers.createdAt,
        customers: sql<number>`(select count(*)::int from customers c where c.tenant_id = ${resellers.tenantId} and c.reseller_id = ${resellers.id})`,
      })
      .from(resellers)
      .where(where)
      .orderBy(asc(resellers.name), asc(resellers.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    tx.select({ total: count() }).from(resellers).where(where),
  ]);
  return { rows: rows as ResellerRow[], total, page: input.page, pageSize: input.pageSize };
}

/** One reseller with its domains and open invitations. */
export async function getReseller(tx: TenantTx, id: string) {
  const reseller = await loadReseller(tx, id);
  const [domains, invitations] = await Promise.all([
    tx.select({ id: tenantDomains.id, host: tenantDomains.host }).from(tenantDomains).where(eq(tenantDomains.resellerId, id)),
    tx
      .select({ id: resellerInvitations.id, email: resellerInvitations.email, name: resellerInvitations.name, role: resellerInvitations.role, expiresAt: resellerInvitations.expiresAt, acceptedAt: resellerInvitations.acceptedAt })
      .from(resellerInvitations)
      .where(eq(resellerInvitations.resellerId, id))
      .orderBy(asc(resellerInvitations.email)),
  ]);
  return { reseller, domains, invitations };
}
