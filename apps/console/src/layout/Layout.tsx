import { Box, ThemeProvider, Typography } from "@mui/material";
import type { Theme } from "@mui/material";
import { AppBar, Layout as RaLayout, Logout, TitlePortal, UserMenu, useGetIdentity, useLocaleState, useTranslate } from "react-admin";
import { useEffect, useRef } from "react";
import type { ReactNode } from "react";
import { authApi, sessionStore } from "../data";
import { useBrand, useDocumentTitle } from "./branding";
import { Logo } from "./Logo";
import { Menu } from "./Menu";

function RoleBadge() {
  const { identity } = useGetIdentity();
  if (!identity) return null;
  const countries = (identity.countries as string[] | undefined) ?? [];
  return (
    <Typography variant="body2" sx={{ mr: 1, opacity: 0.9, display: { xs: "none", md: "block" } }}>
      {String(identity.role)}
      {countries.length > 0 ? ` · ${countries.join(", ")}` : ""}
    </Typography>
  );
}

/** The user menu whose button is named by what it shows (the user's name), as WCAG 2.5.3 asks. */
function IlmsUserMenu() {
  const { identity } = useGetIdentity();
  return (
    <UserMenu label={identity?.fullName ? String(identity.fullName) : "ra.auth.user_menu"}>
      <Logout />
    </UserMenu>
  );
}

/**
 * The app bar. With two locales in the i18n provider, react-admin's AppBar adds its own language menu
 * (`LocalesMenuButton`: English / Français) next to the refresh button; the choice is kept in its store.
 */
function IlmsAppBar() {
  const brand = useBrand();
  useDocumentTitle(brand.name);
  return (
    <AppBar color="primary" userMenu={<IlmsUserMenu />}>
      <Box sx={{ display: "flex", alignItems: "center", gap: 1, mr: 2 }}>
        <Logo brand={brand} size={26} />
        <Typography variant="subtitle1" component="span" sx={{ fontWeight: 600, whiteSpace: "nowrap" }} data-testid="brand-name">
          {brand.name}
        </Typography>
      </Box>
      <TitlePortal variant="subtitle1" sx={{ opacity: 0.85 }} />
      <RoleBadge />
    </AppBar>
  );
}

const LOCALES = new Set(["en", "fr"]);

/**
 * The language follows the account: at sign-in the one kept on it (`me.lang`, read at login) replaces the
 * browser's; a language changed in the menu is saved on the account (`setMyLanguage`), so another browser opens
 * in it. A first choice made before signing in (kept in this browser) is saved the same way. Anonymous visitors
 * (the login page) keep theirs in the browser only.
 */
export function LanguageSync() {
  const [locale, setLocale] = useLocaleState();
  const started = useRef(false);
  useEffect(() => {
    const user = sessionStore.get()?.user;
    if (!user) return;
    if (!started.current) {
      started.current = true;
      if (user.lang && LOCALES.has(user.lang) && user.lang !== locale) {
        setLocale(user.lang);
        return;
      }
    }
    if (user.lang !== locale && (user.lang || locale !== "en")) void authApi.setLanguage(locale).catch(() => undefined);
  }, [locale, setLocale]);
  return null;
}

/**
 * The outer theme with every progress indicator named in the current language, react-admin's own included (the
 * app bar's spinner, reference fields, save buttons): an unnamed progress bar is a WCAG fault (axe's
 * `aria-progressbar-name`). A name given where an indicator is used still wins.
 */
function withNamedProgress(outer: Theme, name: string): Theme {
  const { MuiCircularProgress: circular, MuiLinearProgress: linear } = outer.components ?? {};
  return {
    ...outer,
    components: {
      ...outer.components,
      MuiCircularProgress: { ...circular, defaultProps: { ...circular?.defaultProps, "aria-label": name } },
      MuiLinearProgress: { ...linear, defaultProps: { ...linear?.defaultProps, "aria-label": name } },
    },
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const translate = useTranslate();
  const loading = translate("ilms.common.loading");
  return (
    <ThemeProvider theme={(outer: Theme) => withNamedProgress(outer, loading)}>
      {/* Content never wider than the window: wide tables scroll inside their own container, not the page. */}
      <RaLayout appBar={IlmsAppBar} menu={Menu} sx={{ minWidth: 0, "& .RaLayout-content": { minWidth: 0 } }}>
        <LanguageSync />
        {children}
      </RaLayout>
    </ThemeProvider>
  );
}
