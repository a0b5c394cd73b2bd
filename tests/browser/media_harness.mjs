// Helpers for the media browser test: the real marquee binary on an ephemeral loopback port with
// a temporary data folder (stopped by its PID), and Debian's chromium driven by playwright-core.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const sourceDir =
  process.env.MARQUEE_SOURCE_DIR ||
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const chromiumArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// Starts `marquee serve --demo`; resolves with its URL, the demo admin's login and stop().
export async function startDemoServer() {
  const bin = process.env.MARQUEE_BIN;
  if (!bin) throw new Error("set MARQUEE_BIN to the marquee binary");
  const tmp = mkdtempSync(path.join(tmpdir(), "marquee-browser-"));
  const outPath = path.join(tmp, "stdout.log");
  const errPath = path.join(tmp, "stderr.log");
  // Output goes to files, never to a pipe nobody drains.
  const child = spawn(bin, ["serve", "--listen", "127.0.0.1:0", "--data", path.join(tmp, "data"),
                            "--threads", "2", "--demo"],
                      { cwd: sourceDir, stdio: ["ignore", openSync(outPath, "w"), openSync(errPath, "w")] });
  const deadline = Date.now() + 60000;
  let match = null;
  while (Date.now() < deadline && child.exitCode === null) {
    const out = readFileSync(outPath, "utf8");
    match = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    if (match) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const out = readFileSync(outPath, "utf8");
  const login = out.match(/Demo newsroom login \(shown once\): (\S+) (\S+)/);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(child.pid, "SIGTERM");
      await exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  if (!match || !login) {
    const err = readFileSync(errPath, "utf8");
    await stop();
    throw new Error("server did not start:\n" + out + err);
  }
  return { url: `http://127.0.0.1:${match[1]}`, dataDir: path.join(tmp, "data"),
           email: login[1], password: login[2], stop };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: chromiumArgs });
}

export async function signIn(page, server) {
  await page.goto(server.url + "/admin/login");
  await page.getByLabel("Email").fill(server.email);
  await page.getByLabel("Password").fill(server.password);
  await Promise.all([page.waitForURL(/\/admin\/stories/), page.getByRole("button", { name: /sign in/i }).click()]);
}
