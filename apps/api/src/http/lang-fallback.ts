/**
 * Labels in the requested language, with their fallbacks reported (`extensions.langFallback`): when a label
 * field asked for `lang: "fr"` answers in English because the code has no French label, the response says
 * so, per requested language, with how many labels fell back and a few of them. Never silent.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { labelIn } from "@ilms/query";
import type { Context } from "../context";

interface Fallback {
  requested: string;
  used: string;
  count: number;
  /** The first labels that fell back, as `<kind> <id>` (`code AREA:TUR`). */
  examples: string[];
}

const MAX_EXAMPLES = 20;
const perRequest = new WeakMap<Context, Map<string, Fallback & { seen: Set<string> }>>();

/**
 * The label of `labels` in `lang` (the field's argument, else the request's language), recording a fallback
 * for the response; `subject` names what is labelled (`code ECO:ECO_ISIC4_B`, `table 5`).
 */
export function labelFor(ctx: Context, labels: Readonly<Record<string, string>>, lang: string | null | undefined, subject: string): string {
  const requested = lang ?? ctx.lang;
  const choice = labelIn(labels, requested);
  if (choice.fallback) {
    const byLang = perRequest.get(ctx) ?? new Map();
    perRequest.set(ctx, byLang);
    const key = `${requested}>${choice.lang}`;
    const entry = byLang.get(key) ?? { requested, used: choice.lang, count: 0, examples: [], seen: new Set<string>() };
    byLang.set(key, entry);
    if (!entry.seen.has(subject)) {
      entry.seen.add(subject);
      entry.count++;
      if (entry.examples.length < MAX_EXAMPLES) entry.examples.push(subject);
    }
  }
  return choice.text;
}

export function langFallbackPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const fallbacks = perRequest.get(contextValue);
          if (!fallbacks || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, langFallback: [...fallbacks.values()].map(({ seen: _seen, ...f }): Fallback => f) };
        },
      };
    },
  };
}
