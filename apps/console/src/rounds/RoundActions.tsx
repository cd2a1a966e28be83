/** The workflow buttons of a round: submit (editor), validate and publish with an embargo (reviewer). */
import { useState } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField, Typography } from "@mui/material";
import SendIcon from "@mui/icons-material/Send";
import VerifiedIcon from "@mui/icons-material/Verified";
import PublicIcon from "@mui/icons-material/Public";
import UndoIcon from "@mui/icons-material/Undo";
import { useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from "react-admin";
import { useIlmsProvider } from "../common/useIlmsProvider";
import type { RoundAction } from "../data";

interface RoundRecord {
  code: string;
  status: "draft" | "submitted" | "validated" | "published";
}

/** A local datetime-local value one hour from now (the default embargo end). */
function inAnHour(): string {
  const d = new Date(Date.now() + 3_600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function RoundActions() {
  const round = useRecordContext<RoundRecord>();
  const provider = useIlmsProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [releaseAt, setReleaseAt] = useState(inAnHour);
  const { canAccess: canSubmit } = useCanAccess({ resource: "rounds", action: "submit" });
  const { canAccess: canValidate } = useCanAccess({ resource: "rounds", action: "validate" });
  const { canAccess: canPublish } = useCanAccess({ resource: "rounds", action: "publish" });
  if (!round) return null;

  const run = async (action: RoundAction, options: { releaseAt?: string | null } = {}) => {
    setBusy(true);
    try {
      const updated = await provider.roundAction(action, round.code, options);
      notify("ilms.rounds.done", { type: "success", messageArgs: { code: round.code, status: updated.status }, autoHideDuration: 2500 });
      refresh();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), { type: "error" });
    } finally {
      setBusy(false);
      setPublishing(false);
    }
  };
  const stop = (e: React.MouseEvent) => e.stopPropagation();

  if (round.status === "published") {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate("ilms.rounds.final")}
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={1} onClick={stop}>
      {round.status === "draft" && canSubmit && (
        <Button size="small" variant="outlined" startIcon={<SendIcon />} disabled={busy} onClick={() => run("submit")}>
          {translate("ilms.rounds.submit")}
        </Button>
      )}
      {round.status === "submitted" && canValidate && (
        <Button size="small" variant="outlined" startIcon={<VerifiedIcon />} disabled={busy} onClick={() => run("validate")}>
          {translate("ilms.rounds.validate")}
        </Button>
      )}
      {(round.status === "submitted" || round.status === "validated") && canValidate && (
        <Button size="small" startIcon={<UndoIcon />} disabled={busy} onClick={() => run("reopen")}>
          {translate("ilms.rounds.reopen")}
        </Button>
      )}
      {round.status === "validated" && canPublish && (
        <Button size="small" variant="contained" startIcon={<PublicIcon />} disabled={busy} onClick={() => setPublishing(true)}>
          {translate("ilms.rounds.publish")}
        </Button>
      )}
      <Dialog open={publishing} onClose={() => setPublishing(false)} aria-labelledby="publish-title">
        <DialogTitle id="publish-title">{translate("ilms.rounds.confirmPublish", { code: round.code })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate("ilms.rounds.publishHelp")}</DialogContentText>
          <TextField
            label={translate("ilms.rounds.releaseAt")}
            type="datetime-local"
            value={releaseAt}
            onChange={(e) => setReleaseAt(e.target.value)}
            fullWidth
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setPublishing(false)}>{translate("ilms.rounds.cancel")}</Button>
          <Button onClick={() => run("publish", { releaseAt: new Date().toISOString() })}>{translate("ilms.rounds.publishNow")}</Button>
          <Button
            variant="contained"
            disabled={busy || !releaseAt}
            onClick={() => run("publish", { releaseAt: new Date(releaseAt).toISOString() })}
          >
            {translate("ilms.rounds.publishEmbargo")}
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
