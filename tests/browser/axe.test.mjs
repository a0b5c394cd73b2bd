// axe-core over every newsroom page, signed in as an editor (users and the audit log, which only
// administrators see, as the demo's administrator; the sign-in page signed out):
// no violation of any rule axe runs by default, nor of label-content-name-mismatch (a button's
// accessible name must contain its visible text), which axe leaves off unless asked.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { addUser, axeViolations, launchBrowser, signIn, startServer } from "./harness.mjs";

let server;
let browser;
let context;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // axe is added to each page as a script of the test's own, which the pages' CSP would refuse.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

async function check(path, name = path) {
  const response = await page.goto(server.url + path);
  assert.ok(response.ok(), `${name}: HTTP ${response.status()}`);
  const found = await axeViolations(page);
  assert.deepEqual(found, [], `${name}:\n${JSON.stringify(found, null, 2)}`);
}

test("the sign-in page has no violations", async () => {
  await check("/admin/login", "sign-in");
});

test("every newsroom page has no violations for an editor", async () => {
  const password = addUser(server, "axe-editor@newsroom.test", "editor");
  await signIn(page, server, "axe-editor@newsroom.test", password);

  // A story with two revisions and entities found in it, for the editor, revisions and compare.
  await page.goto(server.url + "/admin/stories/new");
  await page.getByLabel("Headline").fill("Kristen Stewart returns to the stage");
  await page.getByLabel("Section").selectOption("movies");
  await page.getByLabel("Body (Markdown)").fill(
    "Kristen Stewart said the play was \"a strange joy.\"\n\nhttps://vimeo.com/76979871");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Created.").waitFor();
  const editor = new URL(page.url()).pathname;
  await page.getByLabel("Dek").fill("A second version.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Saved.", { exact: true }).waitFor();

  await check("/admin", "/admin (the story list)");
  await check("/admin/stories", "stories list");
  await check(editor, "story editor");
  // With the preview shown and a draft offered back, too.
  await page.getByRole("button", { name: "Preview as readers see it" }).click();
  await page.frame({ name: "preview-phone" }).locator("h1").waitFor();
  await page.locator("#social-card .social-card-title").waitFor();
  let found = await axeViolations(page);
  assert.deepEqual(found, [], "editor with the preview:\n" + JSON.stringify(found, null, 2));
  for (const name of ["preview-desktop", "preview-phone"]) {
    found = await axeViolations(page.frame({ name }));
    assert.deepEqual(found, [], `${name}:\n${JSON.stringify(found, null, 2)}`);
  }
  await page.getByLabel("Dek").fill("A draft to offer back.");
  await page.locator("#autosave-status", { hasText: "Draft kept" }).waitFor({ timeout: 15000 });
  page.once("dialog", (dialog) => dialog.accept());
  await check(editor, "story editor with a draft offered");
  await page.getByRole("button", { name: "Discard the draft" }).click();
  await check("/admin/stories/new", "new story");
  await check(editor + "/revisions", "revisions");
  await check(editor + "/compare?a=1&b=2", "compare");
  await check("/admin/media", "media");
  // A clip's page, with its captions and their upload form.
  await page.goto(server.url + "/admin/media?kind=video");
  const clip = await page.locator(".media-clip a").first().getAttribute("href");
  await check(clip, "a clip with captions");
  await check("/admin/entities", "entities");
  await check("/admin/entities/new", "new entity");
  await check("/admin/queue", "review queue");
  await check("/admin/redirects", "old addresses");
  await check("/admin/account", "account");
});

test("the pages only an administrator sees have no violations", async () => {
  await page.goto(server.url + "/admin/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, server, server.email, server.password);
  await check("/admin/users", "users");
  await check("/admin/audit", "audit log");
  await check("/admin/entities/1", "an entity");
});
