/**
 * A code list's hierarchy, loaded level by level as nodes open (ISIC Rev.4 has 766 codes: the tree never
 * fetches more than the open branches).
 */
import { useState } from "react";
import {
  Box,
  Chip,
  CircularProgress,
  IconButton,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  TextField,
  Tooltip,
  Typography,
} from "@mui/material";
import ChevronRightIcon from "@mui/icons-material/ChevronRight";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import AddIcon from "@mui/icons-material/Add";
import EditIcon from "@mui/icons-material/Edit";
import { Link, useCanAccess, useGetList, useTranslate } from "react-admin";

interface CodeNode {
  id: string;
  codelistId: string;
  code: string;
  label: string;
  level: string;
  childCount: number;
}

function Branch({ codelistId, parent, depth, canEdit }: { codelistId: string; parent: string | null; depth: number; canEdit: boolean }) {
  const translate = useTranslate();
  const filter = parent === null ? { codelistId, roots: true } : { codelistId, parentCode: parent };
  const { data, isPending } = useGetList<CodeNode>("codes", {
    filter,
    pagination: { page: 1, perPage: 2000 },
    sort: { field: "sortOrder", order: "ASC" },
  });
  if (isPending) return <CircularProgress size={18} sx={{ ml: 2 + depth * 3, my: 1 }} aria-label={translate("ilms.common.loading")} />;
  return (
    <List dense disablePadding role={depth === 0 ? "tree" : "group"} aria-label={depth === 0 ? `${codelistId} hierarchy` : undefined}>
      {(data ?? []).map((node) => (
        <Node key={node.id} node={node} depth={depth} canEdit={canEdit} />
      ))}
    </List>
  );
}

function Node({ node, depth, canEdit }: { node: CodeNode; depth: number; canEdit: boolean }) {
  const [open, setOpen] = useState(false);
  const translate = useTranslate();
  const hasChildren = node.childCount > 0;
  return (
    <>
      <ListItem disablePadding role="treeitem" aria-expanded={hasChildren ? open : undefined} data-code={node.code}>
        <ListItemButton onClick={() => hasChildren && setOpen(!open)} sx={{ pl: 1 + depth * 3, pr: 2 }}>
          <Box sx={{ width: 28, display: "flex", alignItems: "center" }}>
            {hasChildren ? open ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" /> : null}
          </Box>
          <ListItemText
            primary={
              <Box component="span" sx={{ display: "flex", alignItems: "center", gap: 1 }}>
                <Box component="code" sx={{ fontSize: 13, minWidth: 72, color: "primary.main", fontWeight: 600 }}>
                  {node.code}
                </Box>
                <span>{node.label}</span>
              </Box>
            }
          />
          {hasChildren && (
            <Typography variant="caption" color="text.secondary" sx={{ mx: 1, minWidth: 56, textAlign: "right", whiteSpace: "nowrap" }}>
              {node.childCount} {node.childCount === 1 ? "child" : "children"}
            </Typography>
          )}
          <Chip label={node.level} size="small" variant="outlined" sx={{ minWidth: 72 }} data-testid="level-chip" />
        </ListItemButton>
        {/* Beside the row, not over it: the buttons never cover the level chip. */}
        {canEdit && (
          <Box sx={{ display: "flex", gap: 0.5, pr: 1, flexShrink: 0 }}>
            <Tooltip title={translate("ilms.codes.addChild")}>
              <IconButton
                size="small"
                component={Link}
                to={`/codes/create?source=${encodeURIComponent(JSON.stringify({ codelistId: node.codelistId, parentCode: node.code, level: "" }))}`}
                aria-label={`${translate("ilms.codes.addChild")} ${node.code}`}
              >
                <AddIcon fontSize="small" />
              </IconButton>
            </Tooltip>
            <Tooltip title={translate("ra.action.edit")}>
              <IconButton size="small" component={Link} to={`/codes/${encodeURIComponent(node.id)}`} aria-label={`Edit ${node.code}`}>
                <EditIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          </Box>
        )}
      </ListItem>
      {open && <Branch codelistId={node.codelistId} parent={node.code} depth={depth + 1} canEdit={canEdit} />}
    </>
  );
}

function SearchResults({ codelistId, q, canEdit }: { codelistId: string; q: string; canEdit: boolean }) {
  const { data, isPending } = useGetList<CodeNode>("codes", {
    filter: { codelistId, q },
    pagination: { page: 1, perPage: 200 },
    sort: { field: "sortOrder", order: "ASC" },
  });
  if (isPending) return <CircularProgress size={18} sx={{ m: 2 }} />;
  if (!data?.length) return <Typography sx={{ m: 2 }}>No code matches “{q}”.</Typography>;
  return (
    <List dense disablePadding>
      {data.map((node) => (
        <Node key={node.id} node={node} depth={0} canEdit={canEdit} />
      ))}
    </List>
  );
}

export function CodeTree({ codelistId }: { codelistId: string }) {
  const translate = useTranslate();
  const [q, setQ] = useState("");
  const { canAccess } = useCanAccess({ resource: "codes", action: "edit" });
  return (
    <Box>
      <Box sx={{ display: "flex", justifyContent: "space-between", alignItems: "center", mb: 1, gap: 2 }}>
        <TextField
          size="small"
          label={translate("ilms.codes.search")}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          sx={{ width: 320 }}
        />
        {canAccess && (
          <Link to={`/codes/create?source=${encodeURIComponent(JSON.stringify({ codelistId }))}`}>
            <Box component="span" sx={{ display: "inline-flex", alignItems: "center", gap: 0.5 }}>
              <AddIcon fontSize="small" /> Add a root code
            </Box>
          </Link>
        )}
      </Box>
      {q.trim().length >= 2 ? (
        <SearchResults codelistId={codelistId} q={q.trim()} canEdit={!!canAccess} />
      ) : (
        <Branch codelistId={codelistId} parent={null} depth={0} canEdit={!!canAccess} />
      )}
    </Box>
  );
}
