/**
 * The report's words: every heading, sentence and fixed label, in message catalogues per language. A
 * language the report has no catalogue for falls back to English, and the document says so; code labels
 * (countries, activities) come from the code lists, with their own per-label fallback (see labels.ts).
 */

export const REPORT_LANGUAGES = ["en", "fr"] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

const en = {
  title: "Analytical report of the round {round}",
  subtitle: "International labour migration statistics, {region}",
  generated:
    "Generated from the warehouse on {date}; every figure is read from the query engine and can be reproduced with the query given in the methods annex.",
  draftWarning: "Draft: this round is not published; the report is for authorised staff only.",
  fallbackNote: "Marked † : no label in this language, shown in English.",
  languageFallback: "No message catalogue for '{lang}': the report is shown in English.",
  contents: "Contents",
  unit: "Values in thousands of persons.",
  noData: "The round holds no data for this section.",
  // section titles
  keyFigures: "Key figures of the round",
  trends: "Trends by member and sex",
  corridors: "Top corridors",
  mirror: "Mirror statistics: where origin and destination disagree",
  composition: "Composition of migrant employment, against nationals",
  quality: "Data quality and gaps",
  recommendations: "What to collect next: capacity-building recommendations",
  methods: "Methods annex",
  // key figures
  keyFiguresIntro:
    "For each member, the latest year reported in this round, and the change since {comparison}. A total published by the member is used as it is; otherwise the counterpart countries it reports are summed (marked Σ).",
  comparisonPrevious: "the latest year of the previous round ({previous})",
  comparisonYear: "the member's previous reported year (the round has no earlier round)",
  regionRow: "{region} (members reporting)",
  measure: "Measure",
  member: "Member",
  year: "Year",
  value: "Value",
  previousYear: "Earlier year",
  previousValue: "Earlier value",
  change: "Change",
  membersReporting: "{n} of {m} members",
  m_stock: "Migrant stock",
  m_employed: "Employed migrants",
  m_outflow: "Outflows of nationals",
  m_employmentOutflow: "Outflows of nationals for employment",
  m_inflow: "Inflows of migrants",
  notReported: "not reported",
  // trends
  trendsIntro: "Series per member over the years of the round, by sex. Points marked with a ring carry a break in series (flag B).",
  trendChart: "{measure} by member and sex",
  breaks: "Breaks in series: {list}.",
  noBreaks: "No break in series is flagged.",
  sex: "Sex",
  // corridors
  corridorsIntro:
    "Corridors (origin → destination) in {year}: the destination's report where it reports, otherwise the origin's; the change is against {previous}.",
  corridorPrevious: "the corridor's previous reported year",
  corridorsWithin: "{measure}: largest corridors within {region}",
  corridorsOutside: "{measure}: largest corridors from {region} to the rest of the world",
  corridorMatrix: "{measure}: corridor matrix within {region}, {year}",
  origin: "Origin",
  destination: "Destination",
  reportedBy: "Reported by",
  side_DESTINATION: "destination",
  side_ORIGIN: "origin",
  c_STOCK: "Migrant stock",
  c_FLOW: "Flows",
  c_EMPLOYMENT_FLOW: "Flows for employment",
  // mirror
  mirrorIntro:
    "Corridor-years that both sides report, largest asymmetry (D−O)/(D+O) first. The flags give the reasons two correct reports may differ; neither value is corrected.",
  originValue: "Origin reports",
  destinationValue: "Destination reports",
  asymmetry: "Asymmetry",
  reasons: "Reasons",
  f_BASIS_BIRTH_VS_CITIZENSHIP: "basis: birth vs citizenship",
  f_STOCK_VS_FLOW: "stock vs flow",
  f_SURVEY_VS_ADMINISTRATIVE: "survey vs administrative records",
  f_AGE_COVERAGE: "age coverage",
  mirrorOneSided: "{n} corridor-years are reported by one side only.",
  // composition
  compositionIntro:
    "Latest year each member reports, shares of employment by category for migrants and for nationals (by birth or citizenship, as the source counts). Where the member reports no total for both sexes, each sex is shown.",
  compositionChart: "{dimension}: migrants against nationals",
  category: "Category",
  migrants: "Migrants",
  nationals: "Nationals",
  migrantShare: "Share of migrants",
  nationalShare: "Share of nationals",
  d_economicActivity: "Economic activity",
  d_occupation: "Occupation",
  d_statusInEmployment: "Status in employment",
  // quality
  qualityIntro: "Completeness is the share of a table's expected cells the member reported, in its latest year in the round.",
  completenessChart: "Completeness per member and table",
  completeness: "Completeness",
  table: "Table",
  comparability: "Comparability",
  sources: "Sources",
  sourceList: "Sources and their comparability",
  source: "Source",
  sourceType: "Type",
  basis: "Migrant basis",
  findingsByKind: "Check findings by kind",
  check: "Check",
  severity: "Severity",
  count: "Findings",
  noFindings: "No check finding is stored for this round.",
  chk_additivity: "additivity (a total against its parts)",
  chk_coherence: "coherence across tables",
  "chk_partial-coverage": "partial coverage of one table by another",
  chk_subset: "a part larger than its whole",
  "chk_self-counterpart": "the member as its own counterpart",
  chk_break: "break in series (flag, change of source or jump)",
  sev_info: "information",
  sev_warning: "warning",
  sev_error: "error",
  cmp_full: "full",
  cmp_partial: "partial",
  cmp_not_comparable: "not comparable",
  cmp_unknown: "undocumented",
  // recommendations
  recommendationsIntro: "Derived from the gaps above: what each member would need to collect or document next.",
  r_missingModule: "{member}: no data for {module} (tables {tables}); collect them from {hint}.",
  r_incomplete: "{member}: table {table} ({title}) is {completeness} complete in {year}; report the missing breakdowns ({missing} cells).",
  r_comparability: "{member}: source {source} is {comparability} with the ILMS definition; document the differences ({note}).",
  r_oneSided: "{member}: {n} corridor-years are reported by the partner only; exchange the counterpart figures (mirror statistics).",
  module_A: "module A (stocks)",
  module_B: "module B (inflows)",
  module_C: "module C (nationals abroad)",
  hint_A: "the labour force survey or the census",
  hint_B: "administrative records of work permits and visas",
  hint_C: "overseas-employment registrations and consular records",
  noRecommendation: "No gap found: nothing to add.",
  // methods
  methodsIntro: "Definitions, sources per member, and for every chart and table the query that reproduces it (GraphQL at /graphql).",
  definitions: "Definitions",
  def_stock: "Migrant stock: table 3, migrants of working age by country of origin (place of birth or citizenship).",
  def_employed: "Employed migrants: table 4, by country of origin.",
  def_outflow: "Outflows: tables 14 (nationals leaving) and 15 (leaving for employment), by destination.",
  def_inflow: "Inflows: table 9, working-age migrants arriving, by origin.",
  def_corridor: "A corridor is an ordered pair origin → destination; mirror pairs are 13↔3, 14↔9, 15↔9 and 15↔4.",
  queries: "Queries",
  queryFor: "{item}",
  item: "Chart or table",
  query: "Query",
} as const;

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  title: "Rapport analytique du cycle {round}",
  subtitle: "Statistiques des migrations internationales de main-d’œuvre, {region}",
  generated:
    "Produit par l’entrepôt le {date} ; chaque chiffre est lu dans le moteur de requêtes et se reproduit avec la requête donnée en annexe méthodologique.",
  draftWarning: "Brouillon : ce cycle n’est pas publié ; le rapport est réservé au personnel autorisé.",
  fallbackNote: "Marqué † : pas de libellé dans cette langue, affiché en anglais.",
  languageFallback: "Pas de catalogue de messages pour « {lang} » : le rapport est affiché en anglais.",
  contents: "Sommaire",
  unit: "Valeurs en milliers de personnes.",
  noData: "Le cycle ne contient pas de données pour cette section.",
  keyFigures: "Chiffres clés du cycle",
  trends: "Évolutions par membre et par sexe",
  corridors: "Principaux corridors",
  mirror: "Statistiques miroirs : désaccords entre origine et destination",
  composition: "Composition de l’emploi des migrants, comparée aux nationaux",
  quality: "Qualité des données et lacunes",
  recommendations: "Que collecter ensuite : recommandations de renforcement des capacités",
  methods: "Annexe méthodologique",
  keyFiguresIntro:
    "Pour chaque membre, la dernière année déclarée dans ce cycle, et l’évolution depuis {comparison}. Un total publié par le membre est repris tel quel ; sinon les pays partenaires déclarés sont additionnés (marqué Σ).",
  comparisonPrevious: "la dernière année du cycle précédent ({previous})",
  comparisonYear: "l’année déclarée précédente du membre (le cycle n’a pas de cycle antérieur)",
  regionRow: "{region} (membres déclarants)",
  measure: "Mesure",
  member: "Membre",
  year: "Année",
  value: "Valeur",
  previousYear: "Année antérieure",
  previousValue: "Valeur antérieure",
  change: "Évolution",
  membersReporting: "{n} membres sur {m}",
  m_stock: "Stock de migrants",
  m_employed: "Migrants occupés",
  m_outflow: "Départs de nationaux",
  m_employmentOutflow: "Départs de nationaux pour l’emploi",
  m_inflow: "Entrées de migrants",
  notReported: "non déclaré",
  trendsIntro: "Séries par membre sur les années du cycle, par sexe. Les points cerclés portent une rupture de série (indicateur B).",
  trendChart: "{measure} par membre et par sexe",
  breaks: "Ruptures de série : {list}.",
  noBreaks: "Aucune rupture de série n’est signalée.",
  sex: "Sexe",
  corridorsIntro:
    "Corridors (origine → destination) en {year} : la déclaration de la destination quand elle existe, sinon celle de l’origine ; l’évolution est mesurée par rapport à {previous}.",
  corridorPrevious: "l’année déclarée précédente du corridor",
  corridorsWithin: "{measure} : principaux corridors au sein de {region}",
  corridorsOutside: "{measure} : principaux corridors de {region} vers le reste du monde",
  corridorMatrix: "{measure} : matrice des corridors au sein de {region}, {year}",
  origin: "Origine",
  destination: "Destination",
  reportedBy: "Déclaré par",
  side_DESTINATION: "destination",
  side_ORIGIN: "origine",
  c_STOCK: "Stock de migrants",
  c_FLOW: "Flux",
  c_EMPLOYMENT_FLOW: "Flux pour l’emploi",
  mirrorIntro:
    "Années-corridors déclarées des deux côtés, la plus forte asymétrie (D−O)/(D+O) d’abord. Les indicateurs donnent les raisons pour lesquelles deux déclarations exactes peuvent différer ; aucune valeur n’est corrigée.",
  originValue: "Déclaration de l’origine",
  destinationValue: "Déclaration de la destination",
  asymmetry: "Asymétrie",
  reasons: "Raisons",
  f_BASIS_BIRTH_VS_CITIZENSHIP: "base : naissance ou nationalité",
  f_STOCK_VS_FLOW: "stock ou flux",
  f_SURVEY_VS_ADMINISTRATIVE: "enquête ou registres administratifs",
  f_AGE_COVERAGE: "couverture par âge",
  mirrorOneSided: "{n} années-corridors ne sont déclarées que d’un côté.",
  compositionIntro:
    "Dernière année déclarée par chaque membre : parts de l’emploi par catégorie, pour les migrants et pour les nationaux (par naissance ou nationalité, selon la source). Quand le membre ne déclare pas de total des deux sexes, chaque sexe est montré.",
  compositionChart: "{dimension} : migrants et nationaux",
  category: "Catégorie",
  migrants: "Migrants",
  nationals: "Nationaux",
  migrantShare: "Part des migrants",
  nationalShare: "Part des nationaux",
  d_economicActivity: "Activité économique",
  d_occupation: "Profession",
  d_statusInEmployment: "Situation dans la profession",
  qualityIntro: "La complétude est la part des cellules attendues d’un tableau que le membre a déclarées, pour sa dernière année du cycle.",
  completenessChart: "Complétude par membre et par tableau",
  completeness: "Complétude",
  table: "Tableau",
  comparability: "Comparabilité",
  sources: "Sources",
  sourceList: "Sources et leur comparabilité",
  source: "Source",
  sourceType: "Type",
  basis: "Définition du migrant",
  findingsByKind: "Résultats des contrôles par type",
  check: "Contrôle",
  severity: "Gravité",
  count: "Résultats",
  noFindings: "Aucun résultat de contrôle n’est enregistré pour ce cycle.",
  chk_additivity: "additivité (un total et ses composantes)",
  chk_coherence: "cohérence entre tableaux",
  "chk_partial-coverage": "couverture partielle d’un tableau par un autre",
  chk_subset: "une partie plus grande que son tout",
  "chk_self-counterpart": "le membre comme sa propre contrepartie",
  chk_break: "rupture de série (indicateur, changement de source ou saut)",
  sev_info: "information",
  sev_warning: "avertissement",
  sev_error: "erreur",
  cmp_full: "complète",
  cmp_partial: "partielle",
  cmp_not_comparable: "non comparable",
  cmp_unknown: "non documentée",
  recommendationsIntro: "Déduites des lacunes ci-dessus : ce que chaque membre aurait à collecter ou à documenter ensuite.",
  r_missingModule: "{member} : aucune donnée pour le {module} (tableaux {tables}) ; les collecter à partir de {hint}.",
  r_incomplete:
    "{member} : le tableau {table} ({title}) est complet à {completeness} en {year} ; déclarer les ventilations manquantes ({missing} cellules).",
  r_comparability:
    "{member} : la source {source} a une comparabilité {comparability} avec la définition ILMS ; documenter les écarts ({note}).",
  r_oneSided:
    "{member} : {n} années-corridors ne sont déclarées que par le partenaire ; échanger les chiffres de contrepartie (statistiques miroirs).",
  module_A: "module A (stocks)",
  module_B: "module B (entrées)",
  module_C: "module C (nationaux à l’étranger)",
  hint_A: "l’enquête sur les forces de travail ou le recensement",
  hint_B: "les registres administratifs des permis de travail et des visas",
  hint_C: "les enregistrements d’emploi à l’étranger et les registres consulaires",
  noRecommendation: "Aucune lacune trouvée : rien à ajouter.",
  methodsIntro: "Définitions, sources par membre et, pour chaque graphique et tableau, la requête qui le reproduit (GraphQL sur /graphql).",
  definitions: "Définitions",
  def_stock: "Stock de migrants : tableau 3, migrants en âge de travailler par pays d’origine (lieu de naissance ou nationalité).",
  def_employed: "Migrants occupés : tableau 4, par pays d’origine.",
  def_outflow: "Départs : tableaux 14 (départs de nationaux) et 15 (départs pour l’emploi), par destination.",
  def_inflow: "Entrées : tableau 9, migrants en âge de travailler arrivant, par origine.",
  def_corridor: "Un corridor est un couple ordonné origine → destination ; les paires miroirs sont 13↔3, 14↔9, 15↔9 et 15↔4.",
  queries: "Requêtes",
  queryFor: "{item}",
  item: "Graphique ou tableau",
  query: "Requête",
};

const CATALOGUES: Record<ReportLanguage, Record<MessageKey, string>> = { en, fr };

export interface Messages {
  /** Whether the catalogue has this key (for codes with words, such as check kinds). */
  has(key: string): key is MessageKey;
  /** The language the words are in (English when the requested one has no catalogue). */
  lang: ReportLanguage;
  requested: string;
  /** Whether the requested language had no catalogue. */
  fallback: boolean;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}

export function isReportLanguage(lang: string): lang is ReportLanguage {
  return (REPORT_LANGUAGES as readonly string[]).includes(lang);
}

/** The catalogue of `requested`, or English with `fallback` set. */
export function messages(requested: string): Messages {
  const lang: ReportLanguage = isReportLanguage(requested) ? requested : "en";
  const catalogue = CATALOGUES[lang];
  return {
    lang,
    requested,
    fallback: lang !== requested,
    has: (key): key is MessageKey => key in catalogue,
    t: (key, vars) => catalogue[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m)),
  };
}

/** A decimal text with the language's grouping and decimal marks (exact: no float rounding of the digits). */
export function formatDecimal(value: string | number, lang: ReportLanguage, maxDecimals = 3): string {
  const text = typeof value === "number" ? value.toFixed(maxDecimals).replace(/\.?0+$/, "") : value;
  const negative = text.startsWith("-");
  const [int, frac = ""] = (negative ? text.slice(1) : text).split(".");
  const group = lang === "fr" ? " " : ",";
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const decimals = frac.slice(0, maxDecimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${grouped}${decimals ? (lang === "fr" ? "," : ".") + decimals : ""}`;
}

/** A share (0-1) as a percentage with one decimal. */
export function formatPercent(share: number, lang: ReportLanguage): string {
  const text = (share * 100).toFixed(1);
  return lang === "fr" ? `${text.replace(".", ",")} %` : `${text}%`;
}
