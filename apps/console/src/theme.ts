/** The console's look: the default react-admin theme with the ILMS palette, calm density and readable contrast. */
import { defaultTheme } from "react-admin";
import type { RaThemeOptions } from "react-admin";

export const palette = {
  primary: "#1e3a8a",
  secondary: "#0f766e",
  surface: "#f5f7fb",
  // Completeness scale (low -> high), readable with dark text; colour is never the only signal (cells print %).
  scale: ["#fde2e1", "#fde9c9", "#fdf3c4", "#dcefd0", "#b7e0c0", "#8fd0ab"],
  empty: "#ffffff",
};

export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    mode: "light",
    primary: { main: palette.primary },
    secondary: { main: palette.secondary },
    // Darker than MUI's defaults so white text on chips and buttons meets WCAG AA contrast.
    warning: { main: "#b45309" },
    info: { main: "#0369a1" },
    success: { main: "#15803d" },
    error: { main: "#b91c1c" },
    background: { default: palette.surface },
    text: { primary: "#111827", secondary: "#4b5563" },
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: ["Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"].join(","),
    h5: { fontWeight: 600 },
    h6: { fontWeight: 600 },
  },
  sidebar: { width: 236, closedWidth: 56 },
  components: {
    ...defaultTheme.components,
    MuiAppBar: { styleOverrides: { root: { backgroundColor: palette.primary, color: "#fff" } } },
    MuiPaper: { styleOverrides: { elevation1: { boxShadow: "0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.1)" } } },
    MuiTableCell: { styleOverrides: { head: { fontWeight: 600 } } },
    // react-admin dims the empty-list message to half opacity, below AA contrast.
    RaEmpty: { styleOverrides: { root: { "& .RaEmpty-message": { opacity: 1, color: "#4b5563" } } } },
  },
};
