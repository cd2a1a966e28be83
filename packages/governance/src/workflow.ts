/**
 * The publication workflow of collection rounds, in one place for every face (API, CLI, importer):
 * draft -> submitted -> validated -> published, with reviewers able to send a round back to draft before it is
 * published. Publishing is final and sets the embargo (`releaseAt`); corrections go into a revision round.
 * Pure rules here; {@link ./rounds} applies them to the database.
 */
import type { Action } from "./permissions";

export const ROUND_STATUSES = ["draft", "submitted", "validated", "published"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ROUND_KINDS = ["regular", "revision"] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

/** What each workflow step needs (the action a caller's role must allow) and does. */
export const STEPS = {
  submit: { action: "rounds.submit", from: ["draft"], to: "submitted" },
  reopen: { action: "rounds.reopen", from: ["submitted", "validated"], to: "draft" },
  validate: { action: "rounds.validate", from: ["submitted"], to: "validated" },
  publish: { action: "rounds.publish", from: ["validated"], to: "published" },
} as const satisfies Record<string, { action: Action; from: readonly RoundStatus[]; to: RoundStatus }>;

export type Step = keyof typeof STEPS;
export const STEP_NAMES = Object.keys(STEPS) as Step[];

/** Why `step` cannot be taken from `status` (the text shown to the caller), or null when it can. */
export function stepRefusal(code: string, status: string, step: Step): string | null {
  const { from } = STEPS[step];
  if ((from as readonly string[]).includes(status)) return null;
  const why =
    status === "published"
      ? "a published round is final; put corrections in a revision round"
      : `it must be ${from.join(" or ")} (workflow: draft -> submitted -> validated -> published)`;
  return `Round ${code} is ${status}: cannot ${step} it; ${why}`;
}

/** Why a round in `status` takes no imported data, with a code for the importer's report, or null when it does. */
export function importRefusal(code: string, status: string): { code: "ROUND_PUBLISHED" | "ROUND_UNDER_REVIEW"; message: string } | null {
  if (status === "published")
    return {
      code: "ROUND_PUBLISHED",
      message: `Round '${code}' is published: its values cannot change. Import into an open round (a revision round for corrections).`,
    };
  if (status === "submitted" || status === "validated")
    return {
      code: "ROUND_UNDER_REVIEW",
      message: `Round ${code} is ${status}: it takes no data while under review (a reviewer can reopen it)`,
    };
  return null;
}

/** Why a round in `status` cannot have its title, year or dates changed, or null when it can. */
export function updateRefusal(code: string, status: string): string | null {
  if (status === "draft") return null;
  return `Round ${code} is ${status}: only a draft round can be changed${status === "published" ? "" : " (reopen it first)"}`;
}
