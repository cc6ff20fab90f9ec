// Headless Chromium test of the web chat: open the page the bot serves, ask a question,
// see the answer and a toolkit link, press a quick reply.
//   node chat.test.mjs --bot PATH/masscivic-bot [--server URL]
//        [--server-bin PATH/masscivic-server --import-bin PATH/masscivic-import --snapshot DIR --toolkits FILE]
// With --server-bin the REAL lookup server is started on the committed snapshot; with --server
// an already running one is used; otherwise a small stand-in (canned JSON shaped like
// docs/API.md) is started here.
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { chromium } from "playwright-core";

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
if (!args.bot) { console.error("usage: node chat.test.mjs --bot PATH [--server URL]"); process.exit(2); }

const deadline = setTimeout(() => { console.error("browser test: timed out"); cleanup(1); }, 90_000);
let bot, browser, fake, tmp, lookup;

function cleanup(code) {
  clearTimeout(deadline);
  Promise.resolve(browser && browser.close()).catch(() => {}).finally(() => {
    if (bot) bot.kill("SIGTERM");
    if (lookup) lookup.kill("SIGTERM");
    if (fake) fake.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(code);
  });
}

function official(name, office, title, email) {
  return { name, office, title, party: "Democratic", email, phone: "508-555-0100", vacant: false, verified: true };
}
const toolkits = { toolkits: [
  { id: "sanctuary", name: "Sanctuary City", links: [{ title: "Sanctuary toolkit", url: "https://www.aclum.org/sanctuary-toolkit" }],
    local_body: { name: "Worcester City Council", how: "ordinance" } },
  { id: "ccops", name: "CCOPS", links: [{ title: "CCOPS toolkit", url: "https://www.aclum.org/ccops-toolkit" }] },
  { id: "body-cameras", name: "Body cameras", links: [{ title: "Body camera toolkit", url: "https://www.aclum.org/en/police-body-worn-cameras-lets-do-it-right" }] }] };
const worcester = { status: "exact", query: { interpreted_as: "town" },
  place: { municipality: { name: "Worcester", kind: "city" } },
  districts: [{ ocd_id: "ocd-division/country:us/state:ma/sldl:13th_worcester", chamber: "house",
                display_name: "13th Worcester District" }],
  officials: { federal: [], state: [official("Will Worc", "state_representative", "State Representative", "will@example.org")], local: [] } };
const canned = {
  "/v1/lookup?q=worcester": worcester,
  "/v1/lookup?town=Worcester": worcester,
  "/v1/municipalities/Worcester": { municipality: { name: "Worcester", kind: "city", legislative_body: "City Council",
      form_of_government: "Council - Manager", website: "https://www.worcesterma.gov", clerk: { phone: "508-555-0101" } },
    officials: [official("Carla Council", "council_member", "City Councilor", "carla@example.org")] },
  "/v1/toolkits?town=Worcester": toolkits,
  "/v1/toolkits": toolkits,
};

function startFakeLookup() {
  return new Promise((resolve) => {
    fake = http.createServer((req, res) => {
      // A district map: one shape, and the marked point when lat/lon are given.
      if (req.url.startsWith("/v1/maps/districts/ocd-division")) {
        res.writeHead(200, { "Content-Type": "image/svg+xml" });
        res.end('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">' +
                '<path d="M20 40L380 20 360 280 40 260z" fill="#dbe7f4" stroke="#1d4f91" stroke-width="3"/>' +
                (req.url.includes("lat=") ? '<circle cx="200" cy="150" r="8" fill="#d7301f"/>' : "") + "</svg>");
        return;
      }
      const body = req.url.startsWith("/v1/lookup?lat=") ? worcester : canned[req.url];
      res.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body || { error: { code: "not_found", message: "no such thing" } }));
    });
    fake.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${fake.address().port}`));
  });
}

// Pixels of a PNG screenshot (8-bit RGB or RGBA, not interlaced, as Chromium writes them).
function pngPixels(buf) {
  let at = 8, width = 0, height = 0, channels = 0;
  const idat = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at), type = buf.toString("ascii", at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      assert.equal(data[8], 8, "8-bit PNG"); assert.equal(data[12], 0, "not interlaced");
      channels = { 2: 3, 6: 4 }[data[9]];
      assert.ok(channels, `PNG colour type ${data[9]}`);
    } else if (type === "IDAT") idat.push(data);
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels] : 0, b = y ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y ? out[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      out[y * stride + x] = (line[x] + pred) & 255;
    }
  }
  return { width, height, channels, data: out };
}

// How much of a screenshot is drawn (not white), and how much is the marker's red.
function inkOf(png) {
  const { width, height, channels, data } = pngPixels(png);
  let ink = 0, red = 0;
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [data[i * channels], data[i * channels + 1], data[i * channels + 2]];
    if (r < 250 || g < 250 || b < 250) ink++;
    if (r > 170 && g < 100 && b < 90) red++;
  }
  return { ink: ink / (width * height), red, width, height };
}

// The district map under a "who represents me" answer: a same-origin picture that loaded
// and shows shapes, with the marked point when a location or address was given.
async function checkMap(page, log, marked, name) {
  const img = log.locator("img.map").last();
  await img.waitFor({ timeout: 15_000 });
  assert.match(await img.getAttribute("src"), marked ? /^\/maps\/districts\/.+\.svg\?lat=/ : /^\/maps\/districts\/.+\.svg$/);
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 15_000 });
  await img.scrollIntoViewIfNeeded();
  const shot = await img.screenshot();
  if (process.env.MASSCIVIC_SCREENSHOT_DIR) {  // to look at: the map, and the page around it
    fs.writeFileSync(path.join(process.env.MASSCIVIC_SCREENSHOT_DIR, name), shot);
    await page.screenshot({ path: path.join(process.env.MASSCIVIC_SCREENSHOT_DIR, "page-" + name) });
  }
  const seen = inkOf(shot);
  assert.ok(seen.width >= 200 && seen.height >= 150, `map is drawn large enough (${seen.width}x${seen.height})`);
  // The whole picture is in view inside the conversation (nothing of the page over it).
  const fits = await img.evaluate((el) => {
    const r = el.getBoundingClientRect(), l = el.closest(".log").getBoundingClientRect();
    return r.top >= l.top - 1 && r.bottom <= l.bottom + 1;
  });
  assert.ok(fits, "the map fits in the conversation");
  assert.ok(seen.ink > 0.1, `map shows shapes (${(seen.ink * 100).toFixed(1)}% of pixels drawn)`);
  if (marked) assert.ok(seen.red >= 20, `the marked point is visible (${seen.red} red pixels)`);
  else assert.ok(seen.red < 20, `no point marked (${seen.red} red pixels)`);
  assert.match(await img.getAttribute("alt"), /on (a|the) map|en el mapa|no mapa/);
  console.log(`browser test: ${name}: ${seen.width}x${seen.height}, ${(seen.ink * 100).toFixed(1)}% drawn, ${seen.red} marker pixels`);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function startRealLookup() {
  const db = path.join(tmp, "civic.db");
  const built = spawnSync(args["import-bin"], ["--snapshot", args.snapshot, "--db", db], { stdio: "ignore" });
  if (built.status !== 0) throw new Error("masscivic-import failed");
  const port = await freePort();
  lookup = spawn(args["server-bin"], ["--db", db, "--port", String(port), "--toolkits", args.toolkits, "--quiet"],
                 { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  // Up to 120 s: a Debug+ASan server loads the database in 10-40 s on 2 busy cores.
  for (let i = 0; i < 1200; i++) {
    try { if ((await fetch(url + "/healthz")).ok) return url; } catch (e) { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("masscivic-server did not start");
}

function startBot(server) {
  return new Promise((resolve, reject) => {
    bot = spawn(args.bot, ["--server", server, "--listen", "127.0.0.1:0", "--db", path.join(tmp, "sessions.db")],
                { stdio: ["ignore", "pipe", "inherit"] });
    bot.on("exit", (code) => reject(new Error(`bot exited early (${code})`)));
    bot.stdout.on("data", (chunk) => {
      const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(chunk.toString());
      if (m) resolve(m[1]);
    });
  });
}

try {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "masscivic-browser-"));
  const real = Boolean(args["server-bin"]);
  const server = args.server || (real ? await startRealLookup() : await startFakeLookup());
  const url = await startBot(server);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url + "/");

  // Accessible structure: a labelled input and a live conversation log.
  const log = page.getByRole("log", { name: "Conversation" });
  await log.getByText("who represents you", { exact: false }).first().waitFor({ timeout: 15_000 });
  const input = page.getByLabel("Your question");
  await input.fill("How do I start a sanctuary campaign in Worcester?");
  await input.press("Enter");

  // The stand-in links a sanctuary page; the real data links the toolkit on aclum.org.
  const toolkitLink = log.locator(real || args.server ? 'a[href*="aclum.org"]' : 'a[href*="sanctuary"]').first();
  await toolkitLink.waitFor({ timeout: 15_000 });
  assert.match(await toolkitLink.getAttribute("href"), /^https:\/\//);
  assert.equal(await toolkitLink.getAttribute("rel"), "noopener noreferrer");
  const text = await log.innerText();
  assert.match(text, /Worcester/);
  assert.match(text, /step by step/);
  assert.match(text, /Worcester City Council/);

  // A quick reply button sends its choice and gets an answer with a contact.
  await log.getByRole("button", { name: "Who could sponsor it?" }).last().click();
  await log.locator('a[href^="mailto:"]').first().waitFor({ timeout: 15_000 });

  // "Who represents me" with a street address: the House district on a map, the address
  // marked (the stand-in knows Worcester only, so there the town's district, unmarked).
  await input.fill(real || args.server ? "Who represents me at 93 Highland Ave, Somerville?" : "Who represents me in Worcester?");
  await input.press("Enter");
  await checkMap(page, log, real || args.server, "map-address.png");

  assert.deepEqual(errors, [], "no script errors on the page");

  // The same page on a phone: touch-sized choices, contacts as tel:/mailto: links, answered
  // choices disabled, and a denied location permission explained (no permission is granted).
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
                                           deviceScaleFactor: 2 });
  const mobile = await phone.newPage();
  mobile.on("pageerror", (e) => errors.push(e.message));
  await mobile.goto(url + "/");
  const mlog = mobile.getByRole("log", { name: "Conversation" });
  await mlog.getByText("who represents you", { exact: false }).first().waitFor({ timeout: 15_000 });
  const first = mlog.locator(".choices button").first();
  const box = await first.boundingBox();
  assert.ok(box && box.height >= 44 && box.width >= 44, `choice buttons are at least 44 px (${JSON.stringify(box)})`);
  const minput = mobile.getByLabel("Your question");
  await minput.fill("who is my state rep?");
  await minput.press("Enter");
  const share = mlog.getByRole("button", { name: "Share my location" }).last();
  await share.waitFor({ timeout: 15_000 });
  assert.ok(await first.isDisabled(), "choices of an answered question are disabled");
  await share.tap();
  await mlog.locator(".geo-error").first().waitFor({ timeout: 15_000 });
  assert.match(await mlog.locator(".geo-error").first().innerText(), /street address|town/);
  await minput.fill("How does Worcester pass a bylaw?");
  await minput.press("Enter");
  const tel = mlog.locator('a[href^="tel:"]').first();
  await tel.waitFor({ timeout: 15_000 });
  assert.match(await tel.getAttribute("href"), /^tel:\+1\d{10}$/);
  // Clickable: Playwright's trial click checks it is visible, stable and not covered.
  await tel.click({ trial: true, timeout: 5_000 });
  await mlog.locator('a[href^="mailto:"]').first().click({ trial: true, timeout: 5_000 });
  // The page speaks the user's language once the bot does.
  await minput.fill("¿Quién es mi senador estatal en Worcester?");
  await minput.press("Enter");
  await mobile.waitForFunction(() => document.documentElement.lang === "es", null, { timeout: 15_000 });
  assert.equal(await mobile.locator("#send").innerText(), "Enviar");
  assert.match(await mobile.title(), /Quién me representa/);
  assert.equal((await mobile.request.get(url + "/favicon.ico")).status(), 200);
  assert.deepEqual(errors, [], "no script errors on the phone page");
  await phone.close();

  // A shared location (permission granted): the map marks it.
  const located = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
                                             geolocation: { latitude: 42.3876, longitude: -71.0995 },
                                             permissions: ["geolocation"] });
  const lpage = await located.newPage();
  lpage.on("pageerror", (e) => errors.push(e.message));
  await lpage.goto(url + "/");
  const llog = lpage.getByRole("log", { name: "Conversation" });
  await llog.getByText("who represents you", { exact: false }).first().waitFor({ timeout: 15_000 });
  await lpage.getByLabel("Your question").fill("who is my state rep?");
  await lpage.getByLabel("Your question").press("Enter");
  await llog.getByRole("button", { name: "Share my location" }).last().tap();
  await checkMap(lpage, llog, true, "map-location.png");
  // The map comes from the bot's own origin; a malformed one is refused there.
  assert.equal((await lpage.request.get(url + "/maps/districts/x%3Cscript%3E.svg")).status(), 404);
  assert.equal((await lpage.request.get(url + "/maps/districts/ocd-division%2Fx.svg?lat=1&evil=2")).status(), 400);
  assert.deepEqual(errors, [], "no script errors on the located page");
  await located.close();
  console.log("browser test: ok");
  cleanup(0);
} catch (e) {
  console.error("browser test failed:", e && e.stack || e);
  cleanup(1);
}
