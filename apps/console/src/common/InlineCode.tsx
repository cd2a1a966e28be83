/** Text whose `backticked` parts (commands, field names, in our messages and the API's) are shown as code. */
import { Box } from "@mui/material";

export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {text.split(/`([^`]+)`/).map((part, i) =>
        i % 2 === 1 ? (
          <Box
            key={i}
            component="code"
            sx={{ fontFamily: "monospace", fontSize: "0.95em", bgcolor: "action.hover", px: 0.5, borderRadius: 0.5 }}
          >
            {part}
          </Box>
        ) : (
          part
        ),
      )}
    </>
  );
}
