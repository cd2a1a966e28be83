/**
 * Issue 16, the guide walked: every `sh` block of `docs/new-region.md` is run, in order, as a regional office
 * would type it (bash, from the repository root, `npm run ilms -- ...`), on a fresh embedded database
 * (`ILMS_DATA_DIR` in a new folder). Each command must succeed, and each `# ` line under it must be a line of
 * what it printed (`...` and `<n>` stand for varying text). The walk must cover applying regions/ecowas.yaml,
 * registering a source, opening a round, importing a file, publishing, and reading French labels back.
 * PGlite only: the guide's default warehouse.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { openDb } from "@ilms/db";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GUIDE = readFileSync(join(ROOT, "docs/new-region.md"), "utf8");

interface Step {
  /** The command as written (continuations joined, heredocs whole). */
  command: string;
  /** The `# ` lines under it. */
  expected: string[];
}

/** The commands of the guide's `sh` blocks, in order, each with the output lines the guide shows for it. */
function guideSteps(text: string): Step[] {
  const steps: Step[] = [];
  for (const block of text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const lines = block[1]!.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === "") continue;
      if (line.startsWith("#")) {
        const expected = line.replace(/^#\s?/, "");
        if (expected.trim() !== "..." && steps.length > 0) steps.at(-1)!.expected.push(expected);
        continue;
      }
      let command = line;
      const heredoc = /<<'(\w+)'$/.exec(line);
      if (heredoc) {
        while (i + 1 < lines.length && lines[i] !== heredoc[1]) command += `\n${lines[++i]}`;
      } else while (command.endsWith("\\") && i + 1 < lines.length) command = `${command.slice(0, -1)}${lines[++i]!.trim()}`;
      steps.push({ command, expected: [] });
    }
  }
  return steps;
}

function pattern(expected: string): RegExp {
  const escaped = expected
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\\\.\\\.\\\./g, ".*")
    .replace(/<[^>]+>/g, ".+?");
  return new RegExp(`^${escaped}$`);
}

function bash(command: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", command], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, output }));
  });
}

const dir = mkdtempSync(join(tmpdir(), "ilms-guide-"));
const written: string[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const file of written) rmSync(join(ROOT, file), { force: true });
});

it("docs/new-region.md works when followed alone: ECOWAS applied, a source, a round, a file imported, published, read in French", async () => {
  const steps = guideSteps(GUIDE);
  const commands = steps.map((s) => s.command);
  for (const needed of [
    /^npm run ilms -- region apply regions\/ecowas\.yaml$/,
    /^npm run ilms -- source add /,
    /^npm run ilms -- round create /,
    /^npm run ilms -- import docs\/examples\/\S+\.csv --round /,
    /^npm run ilms -- round publish /,
    /^npm run ilms -- export .*--lang fr/,
    /^npm run ilms -- catalogue labels import \S+ --lang fr$/,
  ])
    expect(
      commands.some((c) => needed.test(c)),
      `the guide runs ${needed}`,
    ).toBe(true);

  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, ILMS_DATA_DIR: join(dir, "pglite") };
  for (const step of steps) {
    const file = /^cat > (\S+) <</.exec(step.command)?.[1];
    if (file) written.push(file);
    const { code, output } = await bash(step.command, env);
    expect({ command: step.command, code }, output).toEqual({ command: step.command, code: 0 });
    const lines = output.split("\n").map((l) => l.trim());
    for (const expected of step.expected)
      expect(
        lines.some((l) => pattern(expected).test(l)),
        `${step.command}\nshould print: ${expected}\nprinted:\n${output}`,
      ).toBe(true);
  }

  // What the walk left: the round published with the file's rows, and the French name of the source.
  const h = await openDb({ dataDir: env.ILMS_DATA_DIR });
  try {
    const [round] = await h.query<{ status: string }>("select status from collection_rounds where code = 'ECOWAS-2026'");
    expect(round).toEqual({ status: "published" });
    const [label] = await h.query<{ labels: Record<string, string> }>(
      "select labels from text_labels where kind = 'source' and subject = 'BA:GHA-LFS' and field = 'name'",
    );
    expect(label!.labels.fr).toBe("Enquête sur la population active du Ghana");
  } finally {
    await h.close();
  }
}, 600_000);
