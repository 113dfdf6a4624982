import { OPERATOR_ROLES } from "../../domain/access/roles";
import { getRun, getRunInput, listRuns, listRunsInput, requestRun, runNowInput } from "../../domain/replenishment/runs";
import { tenantPolicy } from "../../domain/tenancy/settings";
import { localDateIn } from "../../domain/usage/ingest";
import { enqueueRun, scheduleTenant } from "../../../jobs/replenishment";
import { createTRPCRouter, roleProcedure } from "../trpc";

/*
 * Replenishment runs. Who may do what:
 * - runs, run (with its exceptions): every operator role (a run's outcome concerns sales and finance too);
 * - runNow: owner, admin, ops. It records a queued run and enqueues its job (job id = the run's, so a
 *   retried request enqueues nothing twice; a second click while a run of that date is queued or
 *   running returns that run), and makes sure the tenant's daily scheduler exists.
 */

const RUNNERS = ["owner", "admin", "ops"] as const;

export const replenishmentRouter = createTRPCRouter({
  runs: roleProcedure(...OPERATOR_ROLES).input(listRunsInput).query(({ ctx, input }) => listRuns(ctx.tx, input)),
  run: roleProcedure(...OPERATOR_ROLES).input(getRunInput).query(({ ctx, input }) => getRun(ctx.tx, input)),
  runNow: roleProcedure(...RUNNERS)
    .input(runNowInput)
    .mutation(async ({ ctx, input }) => {
      const { timeZone } = await tenantPolicy(ctx.tx);
      const run = await requestRun(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input, localDateIn(timeZone)(Date.now()));
      if (run.created) {
        await enqueueRun(ctx.actor.tenantId, run.runId, run.jobId);
        await scheduleTenant(ctx.actor.tenantId, timeZone);
      }
      return run;
    }),
});
