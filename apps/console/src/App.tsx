/** The console: resources, custom pages and the providers that connect them to the API. */
import { Admin, CustomRoutes, Resource } from "react-admin";
import polyglotI18nProvider from "ra-i18n-polyglot";
import { Route } from "react-router-dom";
import { authProvider } from "./authProvider";
import { dataProvider } from "./data";
import { setDataLanguage } from "./data/language";
import { en } from "./i18n/en";
import { fr } from "./i18n/fr";
import { Layout } from "./layout/Layout";
import { LoginPage } from "./layout/LoginPage";
import { theme } from "./theme";
import audit from "./audit";
import { CorridorsPage } from "./analytics/CorridorsPage";
import { GapsPage } from "./analytics/GapsPage";
import { MirrorPage } from "./analytics/MirrorPage";
import { ChartsPage } from "./charts/ChartsPage";
import codelists from "./codelists";
import codes from "./codes";
import countries from "./countries";
import countryGroups from "./countryGroups";
import { ImportWizard } from "./import/ImportWizard";
import notes from "./notes";
import { ObservationsPage } from "./observations/ObservationsPage";
import { QualityMap } from "./qualityMap/QualityMap";
import { ReportPage } from "./report/ReportPage";
import rounds from "./rounds";
import sources from "./sources";
import tables from "./tables";
import users from "./users";

/**
 * English and French. The chosen language is kept by react-admin's store (localStorage, key `RaStore.locale`) for
 * this browser, and on the account of whoever signs in (`LanguageSync` in the layout: read at login, saved on change).
 */
const i18nProvider = polyglotI18nProvider(
  (locale) => {
    // The data follow the console's language: country and group names come from the API in that language.
    setDataLanguage(locale);
    return locale === "fr" ? fr : en;
  },
  "en",
  [
    { locale: "en", name: "English" },
    { locale: "fr", name: "Français" },
  ],
  { allowMissing: true },
);

export function App() {
  return (
    <Admin
      title="ILMS Warehouse"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      loginPage={LoginPage}
      layout={Layout}
      dashboard={QualityMap}
      theme={theme}
      requireAuth
      disableTelemetry
    >
      <Resource name="sources" {...sources} />
      <Resource name="notes" {...notes} />
      <Resource name="rounds" {...rounds} />
      <Resource name="tables" {...tables} />
      <Resource name="codelists" {...codelists} />
      <Resource name="codes" {...codes} />
      <Resource name="countries" {...countries} />
      <Resource name="countryGroups" {...countryGroups} />
      <Resource name="users" {...users} />
      <Resource name="audit" {...audit} />
      <CustomRoutes>
        <Route path="/import" element={<ImportWizard />} />
        <Route path="/observations" element={<ObservationsPage />} />
        <Route path="/charts" element={<ChartsPage />} />
        <Route path="/report" element={<ReportPage />} />
        <Route path="/corridors" element={<CorridorsPage />} />
        <Route path="/mirror" element={<MirrorPage />} />
        <Route path="/gaps" element={<GapsPage />} />
      </CustomRoutes>
    </Admin>
  );
}
