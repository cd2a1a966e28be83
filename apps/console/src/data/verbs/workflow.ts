/** The round workflow and country-group memberships: verbs react-admin has no word for. */
import { invalidateCursors } from "../cursors";
import { graphql } from "../graphql";
import { RoundFields } from "../resources/rounds";
import { request } from "../transport";

/** Rounds' workflow verbs, as the governance API names them. */
export type RoundAction = "submit" | "validate" | "publish" | "reopen";

const Submit = graphql(
  `
    mutation SubmitRound($code: String!) {
      submitRound(code: $code) {
        ...RoundFields
      }
    }
  `,
  [RoundFields],
);
const Validate = graphql(
  `
    mutation ValidateRound($code: String!) {
      validateRound(code: $code) {
        ...RoundFields
      }
    }
  `,
  [RoundFields],
);
const Publish = graphql(
  `
    mutation PublishRound($code: String!, $releaseAt: DateTime) {
      publishRound(code: $code, releaseAt: $releaseAt) {
        ...RoundFields
      }
    }
  `,
  [RoundFields],
);
const Reopen = graphql(
  `
    mutation ReopenRound($code: String!, $reason: String) {
      reopenRound(code: $code, reason: $reason) {
        ...RoundFields
      }
    }
  `,
  [RoundFields],
);

const AddMember = graphql(`
  mutation AddGroupMember($group: String!, $country: String!, $validFrom: String!, $validTo: String) {
    addGroupMember(group: $group, country: $country, validFrom: $validFrom, validTo: $validTo) {
      code
    }
  }
`);
const EndMember = graphql(`
  mutation EndGroupMember($group: String!, $country: String!, $validFrom: String!, $validTo: String) {
    endGroupMember(group: $group, country: $country, validFrom: $validFrom, validTo: $validTo) {
      code
    }
  }
`);

interface Membership {
  group: string;
  country: string;
  validFrom: string;
  validTo?: string | null;
}

export const workflowVerbs = {
  /** Moves a round through draft → submitted → validated → published (with an embargo on publish). */
  async roundAction(action: RoundAction, code: string, options: { releaseAt?: string | null; reason?: string | null } = {}) {
    invalidateCursors();
    const round =
      action === "publish"
        ? (await request(Publish, { code, releaseAt: options.releaseAt ?? null })).publishRound
        : action === "reopen"
          ? (await request(Reopen, { code, reason: options.reason ?? null })).reopenRound
          : action === "submit"
            ? (await request(Submit, { code })).submitRound
            : (await request(Validate, { code })).validateRound;
    return { ...round, id: round.code };
  },

  /** Adds a dated membership of a country in a group. */
  async addGroupMember(args: Membership): Promise<void> {
    invalidateCursors();
    await request(AddMember, { ...args, validTo: args.validTo || null });
  },

  /** Ends a membership on `validTo`, or removes it when no end date is given. */
  async endGroupMember(args: Membership): Promise<void> {
    invalidateCursors();
    await request(EndMember, { ...args, validTo: args.validTo || null });
  },
};
