// Live coverage in a real browser: an editor starts a live story in the newsroom and posts
// entries from the composer, which stays on the page; a reader with the story open sees new
// entries, a key moment and a deletion arrive without reloading (Server-Sent Events, under the
// site's CSP), and the page without JavaScript still shows every entry.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";

import { axeViolations, launchBrowser, screenshots, signIn, startServer } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an editor posts from the composer and a reader's open page updates by itself", async () => {
  const desk = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  const page = await desk.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (dialog) => dialog.accept());  // "Publish this story now?", "Delete this entry?"
  await signIn(page, server, server.email, server.password);

  await page.getByRole("link", { name: "New live story" }).click();
  await page.getByRole("heading", { level: 1, name: "New live story" }).waitFor();
  await page.getByLabel("Headline").fill("Awards night, live");
  await page.getByLabel("Section").selectOption("movies");
  await page.getByLabel("Body (Markdown)").fill("Follow the night with us.\n");
  await page.getByRole("button", { name: "Publish now" }).click();
  await page.getByText("Published.").waitFor();
  const editorUrl = page.url();
  const composer = page.locator("[data-live-composer]");
  await composer.waitFor();

  // The first entry from the composer: the page stays, the entry joins the list.
  await page.getByLabel("New entry (Markdown)").fill("The carpet opens with **Kristen Stewart**.");
  await page.getByRole("button", { name: "Post entry" }).click();
  await page.locator("#live-entries li", { hasText: "The carpet opens" }).waitFor();
  assert.equal(page.url(), editorUrl, "the composer stayed on the page");
  assert.equal(await page.getByLabel("New entry (Markdown)").inputValue(), "", "the form is ready for the next");

  // A reader opens the story (its public page) and keeps it open.
  const readerContext = await browser.newContext({ viewport: { width: 1100, height: 900 }, bypassCSP: true });
  const reader = await readerContext.newPage();
  const readerErrors = [];
  reader.on("pageerror", (e) => readerErrors.push(e.message));
  reader.on("console", (m) => { if (m.type() === "error") readerErrors.push(m.text()); });
  await page.getByRole("link", { name: "View live" }).click();
  const storyUrl = page.url();
  await reader.goto(storyUrl);
  await reader.locator(".live-entry", { hasText: "The carpet opens" }).waitFor();
  assert.ok(await reader.locator(".badge-live").count() >= 1, "the Live label");

  // Two more entries, one a key moment, while the reader's page stays open.
  await page.goto(editorUrl);
  await page.getByLabel("New entry (Markdown)").fill("Best Picture goes to the favourite.");
  await page.getByLabel("Key moment").check();
  await page.getByRole("button", { name: "Post entry" }).click();
  await page.locator("#live-entries li", { hasText: "Best Picture" }).waitFor();
  await page.getByLabel("New entry (Markdown)").fill("A late arrival, soon taken back.");
  await page.getByRole("button", { name: "Post entry" }).click();
  await page.locator("#live-entries li", { hasText: "late arrival" }).waitFor();

  await reader.waitForFunction(() => document.querySelectorAll(".live-entry").length === 3, null,
                               { timeout: 5000 });
  const order = await reader.locator(".live-entry .live-entry-body").allTextContents();
  assert.match(order[0], /late arrival/, "the newest entry is on top");
  await reader.locator(".key-moments-list li", { hasText: "Best Picture" }).waitFor({ timeout: 5000 });
  assert.equal(await reader.locator(".key-moments").isVisible(), true);

  // The desk corrects an entry from its own form; the reader's page changes it in place.
  await page.reload();
  await page.locator("#live-entries li", { hasText: "Best Picture" }).getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Entry (Markdown)").waitFor();
  assert.equal(await page.getByLabel("Entry (Markdown)").inputValue(), "Best Picture goes to the favourite.");
  assert.equal(await page.getByLabel("Key moment").isChecked(), true, "the form shows the entry as it is");
  // axe is the test's own script: it runs in a context that lets it past the newsroom's CSP.
  const audit = await browser.newContext({ bypassCSP: true });
  const auditPage = await audit.newPage();
  await signIn(auditPage, server, server.email, server.password);
  await auditPage.goto(page.url());
  assert.deepEqual(await axeViolations(auditPage), [], "the entry's form passes axe");
  await audit.close();
  await page.getByLabel("Entry (Markdown)").fill("Best Picture goes to the underdog.");
  await page.getByRole("button", { name: "Save entry" }).click();
  await page.waitForURL(/done=entry-edited/);
  await page.locator("#live-entries li", { hasText: "underdog" }).waitFor();
  await reader.locator(".live-entry", { hasText: "underdog" }).waitFor({ timeout: 5000 });
  assert.equal(await reader.locator(".live-entry", { hasText: "favourite" }).count(), 0);

  // The desk deletes an entry (a plain form post in the editor); the reader's page drops it.
  await page.locator("#live-entries li", { hasText: "late arrival" }).getByRole("button", { name: "Delete" }).click();
  await page.waitForURL(/done=entry-deleted/);
  await reader.waitForFunction(() => !document.body.textContent.includes("late arrival"), null,
                               { timeout: 5000 });
  await reader.screenshot({ path: path.join(screenshots, "live-reader.png"), fullPage: true });
  await page.screenshot({ path: path.join(screenshots, "live-composer.png"), fullPage: true });

  // Without JavaScript the page is whole: every entry, the key moments, no script needed.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const still = await plain.newPage();
  await still.goto(storyUrl);
  assert.equal(await still.locator(".live-entry").count(), 2);
  await still.locator(".key-moments-list li", { hasText: "underdog" }).waitFor();

  assert.deepEqual(errors, []);
  assert.deepEqual(readerErrors, []);
  await plain.close();
  await readerContext.close();
  await desk.close();
});
