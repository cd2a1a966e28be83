/**
 * Server-side enforcement on the built schema: every root Mutation field is wrapped so that it checks the action
 * {@link MUTATION_RULES} names for it before running, and leaves an audit entry after succeeding (unless the
 * resolver wrote a more precise one with before/after). Root Query fields refuse to run when credentials were sent
 * but rejected, so an expired or tampered token never silently degrades to anonymous. Only root fields are
 * wrapped: nested fields (observation nodes) keep their plain, fast resolvers.
 */
import { defaultFieldResolver } from "graphql";
import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import type { Context } from "../context";
import { ErrorCode, UserError, fromGovernance } from "../errors";
import { recordAudit } from "@ilms/governance/audit";
import { authorize, ruleFor } from "@ilms/governance/permissions";
import { SNAPSHOTS } from "@ilms/governance/snapshots";

const wrapped = new WeakSet<GraphQLSchema>();

function summarise(result: unknown): unknown {
  if (result === null || typeof result !== "object") return result ?? null;
  if (Array.isArray(result)) return { count: result.length };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result as Record<string, unknown>)) {
    if (v === null || ["string", "number", "boolean", "bigint"].includes(typeof v) || v instanceof Date) out[k] = v;
  }
  return out;
}

/** Path of the first text argument holding a NUL character (PostgreSQL text cannot), or null. */
export function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulPath(v, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      const found = nulPath(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return null;
}

function refuseNul(args: Record<string, unknown>): void {
  const path = nulPath(args, "");
  if (path) throw new UserError(ErrorCode.BadUserInput, `${path}: text must not contain NUL (\\u0000) characters`, { field: path });
}

/** Wraps root fields of `schema` in place (idempotent) and returns it. */
export function guardSchema(schema: GraphQLSchema): GraphQLSchema {
  if (wrapped.has(schema)) return schema;
  wrapped.add(schema);
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, ctx, info) => {
      if (ctx.authError) throw new UserError(ErrorCode.Unauthenticated, ctx.authError);
      refuseNul(args);
      try {
        return await resolve(source, args, ctx, info);
      } catch (error) {
        throw fromGovernance(error);
      }
    };
  }
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
    const rule = ruleFor(field.name);
    const snapshot = SNAPSHOTS[field.name];
    field.resolve = async (source, args, ctx, info) => {
      if (rule === "public") {
        try {
          return await resolve(source, args, ctx, info);
        } catch (error) {
          throw fromGovernance(error);
        }
      }
      if (ctx.authError) throw new UserError(ErrorCode.Unauthenticated, ctx.authError);
      let result: unknown;
      let before: unknown = undefined;
      try {
        authorize(ctx, rule);
        refuseNul(args);
        if (snapshot) before = await snapshot.read(ctx.db, args);
        // Root mutations run one after another (GraphQL spec), so one slot per context is enough.
        ctx.mutation = { audited: false };
        result = await resolve(source, args, ctx, info);
      } catch (thrown) {
        const error = fromGovernance(thrown);
        // A signed-in caller trying what its role or country scope forbids is worth a trace (anonymous refusals
        // are not recorded: anyone could fill the log with them).
        if (ctx.user && error instanceof UserError && error.extensions.code === ErrorCode.Forbidden) {
          await recordAudit(ctx.db, ctx, { action: "denied", entity: field.name, after: { reason: error.message, args } });
        }
        throw error;
      }
      if (!ctx.mutation.audited) {
        await recordAudit(
          ctx.db,
          ctx,
          snapshot
            ? { action: field.name, entity: snapshot.entity, entityId: snapshot.id(args), before, after: await snapshot.read(ctx.db, args) }
            : { action: field.name, entity: info.returnType.toString().replace(/[[\]!]/g, ""), after: { args, result: summarise(result) } },
        );
      }
      return result;
    };
  }
  return schema;
}
