import { Box, Typography } from "@mui/material";
import type { ReactNode } from "react";

/** Title and one-line explanation at the top of a custom page. */
export function PageHeader({ title, intro, actions }: { title: string; intro?: string; actions?: ReactNode }) {
  return (
    <Box sx={{ display: "flex", alignItems: "flex-start", justifyContent: "space-between", gap: 2, mt: 2, mb: 2, flexWrap: "wrap" }}>
      <Box>
        <Typography component="h1" variant="h5">
          {title}
        </Typography>
        {intro && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, maxWidth: 900 }}>
            {intro}
          </Typography>
        )}
      </Box>
      {actions}
    </Box>
  );
}
