// Plain pages in a real browser: an editor makes an About page and a page under it from the
// newsroom ("New page": no section, no byline), publishes them, and a reader opens them at their
// own addresses, finds the parent link on the child page, and does not find them on the home page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { launchBrowser, signIn, startServer } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an editor creates a page in the newsroom and a reader opens it", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", (dialog) => dialog.accept());
  await signIn(page, server, server.email, server.password);

  await page.getByRole("link", { name: "New page" }).click();
  await page.getByRole("heading", { name: "New page" }).waitFor();
  assert.equal(await page.getByLabel("Section").count(), 0, "a page has no section");
  await page.getByLabel("Headline").fill("About the newsroom");
  await page.getByLabel("Slug").fill("about");
  await page.getByLabel("Body (Markdown)").fill("We cover **films**, shows and bands.\n\nWrite to us any time.");
  await page.locator("#preview strong", { hasText: "films" }).waitFor();
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.getByText("Published.").waitFor();

  await page.goto(server.url + "/admin/stories");
  await page.getByRole("link", { name: "New page" }).click();
  await page.getByLabel("Headline").fill("Our team");
  await page.getByLabel("Slug").fill("team");
  await page.getByLabel("Under page").selectOption("about");
  await page.getByLabel("Body (Markdown)").fill("Editors, writers and photographers.");
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.getByText("Published.").waitFor();
  await context.close();

  // A reader, signed out.
  const reader = await browser.newPage();
  const response = await reader.goto(server.url + "/about");
  assert.equal(response.status(), 200);
  await reader.getByRole("heading", { level: 1, name: "About the newsroom" }).waitFor();
  assert.equal(await reader.locator(".story-body strong").textContent(), "films");
  assert.equal(await reader.locator(".byline").count(), 0, "no byline on a page");
  await reader.goto(server.url + "/about/team");
  await reader.getByRole("heading", { level: 1, name: "Our team" }).waitFor();
  await Promise.all([reader.waitForURL(server.url + "/about"),
                     reader.getByRole("link", { name: "About the newsroom" }).first().click()]);
  await reader.goto(server.url + "/");
  assert.equal(await reader.getByRole("link", { name: "About the newsroom" }).count(), 0,
               "a page is not news");
  await reader.close();
});
