/** The side menu, grouped by job; entries follow the user's role through `canAccess`. */
import { Divider, ListItemIcon, MenuItem, Typography } from "@mui/material";
import GridOnIcon from "@mui/icons-material/GridOn";
import UploadFileIcon from "@mui/icons-material/UploadFile";
import TableRowsIcon from "@mui/icons-material/TableRows";
import ShowChartIcon from "@mui/icons-material/ShowChart";
import ArticleIcon from "@mui/icons-material/Article";
import TerminalIcon from "@mui/icons-material/Terminal";
import CompareArrowsIcon from "@mui/icons-material/CompareArrows";
import GridViewIcon from "@mui/icons-material/GridView";
import ReportProblemIcon from "@mui/icons-material/ReportProblemOutlined";
import { Menu as RaMenu, useCanAccess, useSidebarState, useTranslate } from "react-admin";
import type { ReactNode } from "react";

function Section({ label, children }: { label: string; children: ReactNode }) {
  const [open] = useSidebarState();
  return (
    <>
      <Divider sx={{ my: 0.5 }} />
      {open && (
        <Typography variant="overline" component="div" sx={{ px: 2, pt: 1, color: "text.secondary", lineHeight: 2 }}>
          {label}
        </Typography>
      )}
      {children}
    </>
  );
}

/** The explorer is its own page (`/graphiql`), outside the console's hash routes: a plain link. */
function ExplorerLink({ label }: { label: string }) {
  const [open] = useSidebarState();
  return (
    <MenuItem component="a" href="/graphiql" target="_blank" rel="noopener" sx={{ color: "text.secondary", py: 0.75 }}>
      <ListItemIcon sx={{ minWidth: 40 }}>
        <TerminalIcon fontSize="small" />
      </ListItemIcon>
      {open && label}
    </MenuItem>
  );
}

export function Menu() {
  const translate = useTranslate();
  const { canAccess: canImport } = useCanAccess({ resource: "import", action: "import" });
  return (
    <RaMenu>
      <RaMenu.Item to="/" primaryText={translate("ilms.menu.qualityMap")} leftIcon={<GridOnIcon />} />
      <Section label={translate("ilms.menu.data")}>
        {canImport && <RaMenu.Item to="/import" primaryText={translate("ilms.menu.import")} leftIcon={<UploadFileIcon />} />}
        <RaMenu.Item to="/observations" primaryText={translate("ilms.menu.observations")} leftIcon={<TableRowsIcon />} />
        <RaMenu.Item to="/charts" primaryText={translate("ilms.menu.charts")} leftIcon={<ShowChartIcon />} />
        <RaMenu.Item to="/report" primaryText={translate("ilms.menu.report")} leftIcon={<ArticleIcon />} />
        <RaMenu.ResourceItem name="sources" />
        <RaMenu.ResourceItem name="notes" />
      </Section>
      <Section label={translate("ilms.menu.analytics")}>
        <RaMenu.Item to="/corridors" primaryText={translate("ilms.menu.corridors")} leftIcon={<GridViewIcon />} />
        <RaMenu.Item to="/mirror" primaryText={translate("ilms.menu.mirror")} leftIcon={<CompareArrowsIcon />} />
        <RaMenu.Item to="/gaps" primaryText={translate("ilms.menu.gaps")} leftIcon={<ReportProblemIcon />} />
      </Section>
      <Section label={translate("ilms.menu.workflow")}>
        <RaMenu.ResourceItem name="rounds" />
      </Section>
      <Section label={translate("ilms.menu.reference")}>
        <RaMenu.ResourceItem name="tables" />
        <RaMenu.ResourceItem name="codelists" />
        <RaMenu.ResourceItem name="countries" />
        <RaMenu.ResourceItem name="countryGroups" />
      </Section>
      <Section label={translate("ilms.menu.admin")}>
        <RaMenu.ResourceItem name="users" />
        <RaMenu.ResourceItem name="audit" />
        <ExplorerLink label={translate("ilms.menu.explorer")} />
      </Section>
    </RaMenu>
  );
}
