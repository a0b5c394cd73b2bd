// Shared by the browser tests: the real marquee binary on an ephemeral loopback port with a
// temporary data folder (stopped by its PID), accounts made with `marquee user add`, and
// Debian's chromium driven by playwright-core (no browser download, loopback only).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const sourceDir =
  process.env.MARQUEE_SOURCE_DIR ||
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const screenshots = path.join(sourceDir, "docs", "screenshots");

const chromiumArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

function binary() {
  const bin = process.env.MARQUEE_BIN;
  if (!bin) throw new Error("set MARQUEE_BIN to the marquee binary");
  return bin;
}

// `marquee serve --demo` on port 0. Resolves with its URL, data folder, the demo admin's
// one-time login (printed once on the first start) and stop().
export async function startServer(env = {}) {
  const tmp = mkdtempSync(path.join(tmpdir(), "marquee-browser-"));
  const dataDir = path.join(tmp, "data");
  const outPath = path.join(tmp, "stdout.log");
  const errPath = path.join(tmp, "stderr.log");
  // Output goes to files, never to a pipe nobody drains.
  const child = spawn(binary(), ["serve", "--listen", "127.0.0.1:0", "--data", dataDir,
                                 "--threads", "2", "--demo"],
                      { cwd: sourceDir, env: { ...process.env, ...env },
                        stdio: ["ignore", openSync(outPath, "w"), openSync(errPath, "w")] });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(child.pid, "SIGTERM");
      await exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60000;
  let port = null;
  while (Date.now() < deadline && child.exitCode === null) {
    const found = readFileSync(outPath, "utf8").match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    if (found) { port = found[1]; break; }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const out = readFileSync(outPath, "utf8");
  const login = out.match(/Demo newsroom login \(shown once\): (\S+) (\S+)/);
  if (!port || !login) {
    const err = readFileSync(errPath, "utf8");
    await stop();
    throw new Error("server did not start:\n" + out + err);
  }
  return { url: `http://127.0.0.1:${port}`, dataDir, email: login[1], password: login[2], stop };
}

// A new account beside the running server; returns its one-time password.
export function addUser(server, email, role) {
  return execFileSync(binary(), ["user", "add", email, "--role", role, "--data", server.dataDir],
                      { cwd: sourceDir, encoding: "utf8" }).trim();
}

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
                           args: chromiumArgs });
}

export async function signIn(page, server, email, password) {
  await page.goto(server.url + "/admin/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL(/\/admin\/stories/),
                     page.getByRole("button", { name: "Sign in" }).click()]);
}

// "2026-07-21T14:39:05": a wall-clock time in the site's zone, as a datetime-local field takes it.
export function localTime(date, zone = "America/New_York") {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
    minute: "2-digit", second: "2-digit", hourCycle: "h23",
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// axe-core's violations on a page or frame: every rule it runs by default, and
// label-content-name-mismatch (a button's accessible name must contain its visible text), which
// axe leaves off unless asked. The page's context needs bypassCSP: axe is a script of the test's.
export async function axeViolations(target) {
  await target.addScriptTag({ content: axeSource });
  return target.evaluate(async () => {
    const result = await window.axe.run(document, {
      rules: { "label-content-name-mismatch": { enabled: true } },
    });
    return result.violations.map((v) => ({
      rule: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary),
    }));
  });
}
