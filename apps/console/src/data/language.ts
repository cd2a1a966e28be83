/**
 * The language the console asks the API for labels in: the console's locale (set by the i18n provider when the
 * user picks a language). Label fields take it as `lang`; the API falls back to English where a label has no
 * translation yet and says so in `extensions.langFallback`.
 */
let current = "en";

export const dataLanguage = (): string => current;

export function setDataLanguage(lang: string): void {
  current = lang;
}

/** Variables of an operation whose only variable is the language. */
export const langVariables = (): { lang: string } => ({ lang: current });
