/** Sign-in page with every asset local (react-admin's default may load a remote background image). */
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { Alert, Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from "@mui/material";
import { useLogin, useTranslate } from "react-admin";
import { InlineCode } from "../common/InlineCode";
import { authApi } from "../data";
import { useBrand, useDocumentTitle } from "./branding";
import { Logo } from "./Logo";

/** First start: no administrator yet. The server printed a one-time token; whoever has it creates the first admin. */
function SetupForm({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState({ token: "", email: "", name: "", password: "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await authApi.setupAdmin(form);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <Alert severity="info" sx={{ mb: 2 }} role="note">
        No administrator exists yet. Paste the one-time set-up token printed in the server log at start-up.
      </Alert>
      <TextField label="Set-up token" name="token" value={form.token} onChange={set("token")} fullWidth required margin="dense" autoFocus />
      <TextField
        label="Administrator email"
        name="email"
        type="email"
        autoComplete="username"
        value={form.email}
        onChange={set("email")}
        fullWidth
        required
        margin="dense"
      />
      <TextField label="Name" name="name" value={form.name} onChange={set("name")} fullWidth margin="dense" />
      <TextField
        label="Password (12 characters or more)"
        name="password"
        type="password"
        autoComplete="new-password"
        value={form.password}
        onChange={set("password")}
        fullWidth
        required
        margin="dense"
      />
      {error && (
        <Alert severity="error" sx={{ mt: 2 }} role="alert">
          <InlineCode text={error} />
        </Alert>
      )}
      <Button
        type="submit"
        variant="contained"
        fullWidth
        size="large"
        sx={{ mt: 3 }}
        disabled={busy || !form.token || !form.email || form.password.length < 12}
      >
        Create the administrator
      </Button>
    </form>
  );
}

export function LoginPage() {
  const login = useLogin();
  const [setup, setSetup] = useState(false);
  useEffect(() => {
    authApi.setupRequired().then(setSetup, () => setSetup(false));
  }, []);
  const translate = useTranslate();
  const brand = useBrand();
  useDocumentTitle(brand.name);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ username: email, password });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <Box
      component="main"
      sx={{
        minHeight: "100vh",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: "linear-gradient(135deg, #1e3a8a 0%, #1e40af 45%, #0f766e 100%)",
        p: 2,
      }}
    >
      <Card sx={{ width: 400, maxWidth: "100%" }} elevation={8}>
        <CardContent sx={{ p: 4 }}>
          <Box sx={{ display: "flex", alignItems: "center", gap: 1.5, mb: 3 }}>
            <Logo brand={brand} size={40} />
            <Box>
              <Typography component="h1" variant="h6" sx={{ lineHeight: 1.2 }} data-testid="brand-name">
                {brand.name}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {brand.group ? translate("ilms.subtitle", { region: brand.group }) : translate("ilms.subtitlePlain")}
              </Typography>
            </Box>
          </Box>
          <Typography component="h2" variant="subtitle1" sx={{ mb: 2, fontWeight: 600 }}>
            {setup ? "Set up the first administrator" : translate("ilms.login.heading")}
          </Typography>
          {setup ? (
            <SetupForm
              onDone={() => {
                window.location.hash = "#/";
                window.location.reload();
              }}
            />
          ) : (
            <form onSubmit={submit} noValidate>
              <TextField
                label={translate("ilms.login.email")}
                name="email"
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                fullWidth
                required
                autoFocus
                margin="dense"
              />
              <TextField
                label={translate("ilms.login.password")}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                fullWidth
                required
                margin="dense"
              />
              {error && (
                <Alert severity="error" sx={{ mt: 2 }} role="alert">
                  <InlineCode text={error} />
                </Alert>
              )}
              <Button type="submit" variant="contained" fullWidth size="large" sx={{ mt: 3 }} disabled={busy || !email || !password}>
                {busy ? <CircularProgress size={22} color="inherit" aria-label="Signing in" /> : translate("ilms.login.submit")}
              </Button>
            </form>
          )}
          <Typography variant="caption" color="text.secondary" sx={{ display: "block", mt: 3 }}>
            <InlineCode text={translate("ilms.login.help")} />
          </Typography>
        </CardContent>
      </Card>
    </Box>
  );
}
