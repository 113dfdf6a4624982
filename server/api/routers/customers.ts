/**
 * Customer master data: accounts, ship-to sites, contacts and portal invitations.
 *
 * Who may do what (RLS narrows every row further: a reseller session sees and writes only customers
 * whose reseller is itself, a customer session only its own account, sites and contacts):
 *
 * | procedure                                   | roles                                                        |
 * | ------------------------------------------- | ------------------------------------------------------------ |
 * | list, filterOptions                         | all operator roles; reseller_admin, reseller_agent           |
 * | get (account, sites, contacts)              | all operator roles; reseller roles; customer roles (own)     |
 * | create                                      | owner, admin, sales; reseller_admin, reseller_agent (under itself) |
 * | update                                      | owner, admin, sales; reseller_admin (cannot move to another reseller) |
 * | placeCreditHold, releaseCreditHold          | owner, admin, finance                                        |
 * | addSite, updateSite, setDefaultSite         | owner, admin, sales, ops; reseller_admin, reseller_agent     |
 * | addContact, updateContact                   | owner, admin, sales; reseller_admin, reseller_agent; customer_admin (own) |
 * | inviteContact                               | owner, admin, sales (creating logins is an operator right; RLS on users agrees) |
 */
import { createTRPCRouter, roleProcedure } from "../trpc";
import type { TenantActor } from "../../domain/access/actor";
import { OPERATOR_ROLES, RESELLER_ROLES, CUSTOMER_ROLES } from "../../domain/access/roles";
import { addContact, inviteContact, updateContact } from "../../domain/customers/contacts";
import {
  createCustomerAccount, customerFilterOptions, getCustomerDetail, listCustomers, placeCreditHold, releaseCreditHold, updateCustomer, type Acting,
} from "../../domain/customers/customers";
import {
  contactInput, createCustomerInput, creditHoldInput, customerIdInput, customerListInput, inviteContactInput, releaseCreditHoldInput, setDefaultSiteInput,
  siteInput, updateContactInput, updateCustomerInput, updateSiteInput,
} from "../../domain/customers/schemas";
import { addSite, setDefaultSite, updateSite } from "../../domain/customers/sites";

const acting = (actor: TenantActor): Acting => ({ tenantId: actor.tenantId, userId: actor.userId });

export const customersRouter = createTRPCRouter({
  list: roleProcedure(...OPERATOR_ROLES, ...RESELLER_ROLES).input(customerListInput).query(({ ctx, input }) => listCustomers(ctx.tx, input)),
  filterOptions: roleProcedure(...OPERATOR_ROLES, ...RESELLER_ROLES).query(({ ctx }) => customerFilterOptions(ctx.tx)),
  get: roleProcedure(...OPERATOR_ROLES, ...RESELLER_ROLES, ...CUSTOMER_ROLES).input(customerIdInput).query(({ ctx, input }) => getCustomerDetail(ctx.tx, input.id)),

  create: roleProcedure("owner", "admin", "sales", "reseller_admin", "reseller_agent")
    .input(createCustomerInput)
    .mutation(({ ctx, input }) =>
      // A reseller always creates under itself; RLS would reject any other reseller anyway.
      createCustomerAccount(ctx.tx, acting(ctx.actor), ctx.actor.portal === "reseller" ? { ...input, resellerId: ctx.actor.resellerId } : input),
    ),
  update: roleProcedure("owner", "admin", "sales", "reseller_admin")
    .input(updateCustomerInput)
    .mutation(({ ctx, input }) => updateCustomer(ctx.tx, acting(ctx.actor), ctx.actor.portal === "reseller" ? { ...input, resellerId: undefined } : input)),

  placeCreditHold: roleProcedure("owner", "admin", "finance").input(creditHoldInput).mutation(({ ctx, input }) => placeCreditHold(ctx.tx, acting(ctx.actor), input)),
  releaseCreditHold: roleProcedure("owner", "admin", "finance").input(releaseCreditHoldInput).mutation(({ ctx, input }) => releaseCreditHold(ctx.tx, acting(ctx.actor), input)),

  addSite: roleProcedure("owner", "admin", "sales", "ops", "reseller_admin", "reseller_agent").input(siteInput).mutation(({ ctx, input }) => addSite(ctx.tx, acting(ctx.actor), input)),
  updateSite: roleProcedure("owner", "admin", "sales", "ops", "reseller_admin", "reseller_agent").input(updateSiteInput).mutation(({ ctx, input }) => updateSite(ctx.tx, acting(ctx.actor), input)),
  setDefaultSite: roleProcedure("owner", "admin", "sales", "ops", "reseller_admin", "reseller_agent").input(setDefaultSiteInput).mutation(({ ctx, input }) => setDefaultSite(ctx.tx, acting(ctx.actor), input)),

  addContact: roleProcedure("owner", "admin", "sales", "reseller_admin", "reseller_agent", "customer_admin").input(contactInput).mutation(({ ctx, input }) => addContact(ctx.tx, acting(ctx.actor), input)),
  updateContact: roleProcedure("owner", "admin", "sales", "reseller_admin", "reseller_agent", "customer_admin").input(updateContactInput).mutation(({ ctx, input }) => updateContact(ctx.tx, acting(ctx.actor), input)),
  inviteContact: roleProcedure("owner", "admin", "sales").input(inviteContactInput).mutation(({ ctx, input }) => inviteContact(ctx.tx, acting(ctx.actor), input)),
});
