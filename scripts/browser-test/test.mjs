// The web pages in a real browser: Debian's headless Chromium, driven by puppeteer-core, against
// a live `dimensies serve` on 127.0.0.1 (started by scripts/browser-test.sh, which ingests the
// bundled fixtures first). A newcomer's path: type a search, follow the facets, open a quote
// card and copy its citation, open the theme page and check its chart has one point per issue;
// then the phone width, the keyboard, the pages without JavaScript, and no request leaving the
// machine. Screenshots go to $SCREENSHOT_DIR.
//
// Environment: BASE_URL (http://127.0.0.1:PORT), CHROMIUM (the browser binary),
// SCREENSHOT_DIR (where the PNGs go).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import puppeteer from "puppeteer-core";

const BASE = process.env.BASE_URL;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.SCREENSHOT_DIR || "target/screenshots";
if (!BASE) {
  throw new Error("BASE_URL is not set: run scripts/browser-test.sh");
}
mkdirSync(SHOTS, { recursive: true });

let browser;
const foreignRequests = [];

async function newPage({ width = 1100, height = 900, javascript = true } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  await page.setJavaScriptEnabled(javascript);
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(BASE) && !url.startsWith("data:") && !url.startsWith("about:")) {
      foreignRequests.push(url);
    }
  });
  page.on("pageerror", (error) => {
    throw new Error(`script error on ${page.url()}: ${error.message}`);
  });
  return page;
}

async function shot(page, name, fullPage = false) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage });
  return file;
}

async function text(page, selector) {
  return page.$eval(selector, (element) => element.textContent.trim());
}

before(async () => {
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=nl-NL"],
  });
  await browser
    .defaultBrowserContext()
    .overridePermissions(BASE, ["clipboard-read", "clipboard-write", "clipboard-sanitized-write"]);
});

after(async () => {
  if (browser) {
    await browser.close();
  }
});

test("a newcomer finds who said what about regionale samenwerking and copies a citation", async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`, { waitUntil: "load" });
  assert.match(await text(page, "h1"), /Wie zei wat/);

  // Type a search.
  await page.click("#q");
  await page.keyboard.type("regionale samenwerking");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  assert.equal(new URL(page.url()).searchParams.get("q"), "regionale samenwerking");
  assert.equal(await text(page, "h1"), "Resultaten voor “regionale samenwerking”");
  const marks = await page.$$eval("mark", (elements) => elements.length);
  assert.ok(marks > 3, `highlighted words: ${marks}`);
  await shot(page, "search.png");

  // Follow a facet: the kind "Citaten".
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click('nav.tabs a[href*="soort=citaten"]'),
  ]);
  assert.match(await text(page, 'nav.tabs a[aria-current="page"]'), /^Citaten/);
  const articleHits = await page.$$("ol.treffers");
  assert.equal(articleHits.length, 0, "only quotes on the quote tab");
  const cards = await page.$$("article.kaart");
  assert.ok(cards.length >= 3, `quote cards: ${cards.length}`);

  // Open the first quote card's "Citeer" and copy the APA citation.
  const card = cards[0];
  const speaker = await card.$eval(".spreker a", (link) => link.textContent.trim());
  assert.ok(speaker.length > 3, "the card names its speaker");
  await card.$eval("summary", (summary) => summary.scrollIntoView());
  await (await card.$("summary")).click();
  assert.equal(await card.$eval("details", (details) => details.open), true);
  const apa = await card.$eval("pre[id$='-apa']", (pre) => pre.textContent);
  assert.ok(apa.includes(speaker), `APA names ${speaker}: ${apa}`);
  assert.ok(apa.includes("Dimensies"), apa);
  const bibtex = await card.$eval("pre[id$='-bibtex']", (pre) => pre.textContent);
  assert.match(bibtex, /^@article\{/);
  const copyButton = await card.$("button.kopieer");
  assert.equal(await copyButton.evaluate((button) => button.hidden), false, "the script shows the copy button");
  await page.bringToFront();
  await copyButton.click();
  await page.waitForFunction(
    (button) => button.nextElementSibling && button.nextElementSibling.textContent.includes("Gekopieerd"),
    { timeout: 5000 },
    copyButton,
  );
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clipboard, apa, "the clipboard holds the APA citation");
  await shot(page, "quote-card.png");

  // The card's permalink is its own page.
  const permalink = await card.$eval(".permalink a", (link) => link.getAttribute("href"));
  await page.goto(`${BASE}${permalink}`, { waitUntil: "load" });
  assert.equal(await text(page, "h1"), `Citaat van ${speaker}`);

  // Follow a facet on the overview: a person, which narrows the search to them.
  await page.goto(`${BASE}/?q=regionale+samenwerking`, { waitUntil: "load" });
  const person = await page.$eval(".facetten a[href*='persoon=']", (link) => ({
    name: link.textContent.trim(),
    href: link.getAttribute("href"),
  }));
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.click(`.facetten a[href="${person.href}"]`),
  ]);
  assert.ok(new URL(page.url()).searchParams.get("persoon"), page.url());
  assert.match(await text(page, "ul.gekozen"), new RegExp(`Persoon: ${person.name}`));
  const speakers = await page.$$eval("article.kaart .spreker a", (links) => links.map((link) => link.textContent.trim()));
  assert.ok(speakers.length > 0, "quotes of the chosen person");
  assert.ok(speakers.every((name) => name === person.name), `only ${person.name}: ${speakers}`);
  // Take the facet off again.
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("ul.gekozen a")]);
  assert.equal(new URL(page.url()).searchParams.get("persoon"), null);
  // The speaker's name on a card leads to their page.
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("article.kaart .spreker a")]);
  assert.match(new URL(page.url()).pathname, /^\/persoon\//);
  assert.ok((await page.$$("article.kaart")).length > 0, "the person page has their quotes");
  await page.close();
});

test("the theme page's chart has one point per issue", async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`, { waitUntil: "load" });
  const issues = await page.$$eval("#nummers + ul li a", (links) =>
    links.map((link) => link.getAttribute("href").replace("/nummer/", "")),
  );
  assert.ok(issues.length >= 2, `issues in the archive: ${issues.length}`);
  await page.goto(`${BASE}/thema?q=regionale+samenwerking`, { waitUntil: "load" });
  assert.equal(await text(page, "h1"), "Thema “regionale samenwerking”");
  const points = await page.$$eval("figure.tijdlijn svg circle.punt", (circles) =>
    circles.map((circle) => ({
      issue: circle.dataset.issue,
      count: Number(circle.dataset.count),
      cx: Number(circle.getAttribute("cx")),
    })),
  );
  assert.equal(points.length, issues.length, "one point per issue");
  assert.deepEqual([...points.map((point) => point.issue)].sort(), [...issues].sort());
  const xs = points.map((point) => point.cx);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b), "points run left to right");
  assert.ok(points.some((point) => point.count > 0), "the theme is discussed somewhere");
  const box = await page.$eval("figure.tijdlijn svg", (svg) => svg.getBoundingClientRect().width);
  assert.ok(box > 300, `the chart is drawn (${box}px wide)`);
  assert.ok((await page.$$("#wie + ol li")).length > 0, "people who speak about it");
  await shot(page, "theme.png");
  await page.close();
});

test("phone width, keyboard and no JavaScript", async () => {
  const phone = await newPage({ width: 390, height: 844 });
  await phone.goto(`${BASE}/?q=regionale+samenwerking`, { waitUntil: "load" });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow}px too wide)`);
  await shot(phone, "search-phone.png");
  await phone.goto(`${BASE}/thema?q=regionale+samenwerking`, { waitUntil: "load" });
  const themeOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(themeOverflow <= 0, `theme page fits a phone (${themeOverflow}px too wide)`);

  // Keyboard: the first Tab reaches the skip link, the next ones the search box.
  await phone.goto(`${BASE}/`, { waitUntil: "load" });
  await phone.keyboard.press("Tab");
  assert.equal(await phone.evaluate(() => document.activeElement.textContent.trim()), "Naar de inhoud");
  await phone.keyboard.press("Tab");
  await phone.keyboard.press("Tab");
  assert.equal(await phone.evaluate(() => document.activeElement.id), "q");
  await phone.keyboard.type("samenwerkng");
  await Promise.all([phone.waitForNavigation({ waitUntil: "load" }), phone.keyboard.press("Enter")]);
  assert.match(await text(phone, ".bedoelde"), /Bedoelde u: samenwerking\?/);
  await phone.close();

  // Without JavaScript the citation is there to read and select; the copy button stays hidden.
  const plain = await newPage({ javascript: false });
  await plain.goto(`${BASE}/?q=regionale+samenwerking&soort=citaten`, { waitUntil: "load" });
  await plain.click("article.kaart summary");
  const visible = await plain.$eval("article.kaart pre[id$='-apa']", (pre) => pre.getBoundingClientRect().height > 0);
  assert.equal(visible, true);
  assert.equal(await plain.$eval("article.kaart button.kopieer", (button) => button.hidden), true);
  await plain.close();

  assert.deepEqual(foreignRequests, [], "every request stays on the server");
});

test("every page is labelled, its ids unique and its text of enough contrast", async () => {
  const page = await newPage();
  const paths = [
    "/",
    "/?q=regionale+samenwerking",
    "/thema?q=regionale+samenwerking",
    "/artikel/dimensies-2019-regio/a4",
    "/persoon/jan-jansen",
    "/nummer/dimensies-2019-regio",
  ];
  for (const address of paths) {
    await page.goto(`${BASE}${address}`, { waitUntil: "load" });
    const report = await page.evaluate(() => {
      // WCAG 2 relative luminance and contrast ratio.
      const parse = (color) => (color.match(/[\d.]+/g) || []).map(Number);
      const luminance = ([r, g, b]) => {
        const channel = (value) => {
          const c = value / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const background = (element) => {
        for (let node = element; node; node = node.parentElement) {
          const color = parse(getComputedStyle(node).backgroundColor);
          if (color.length === 3 || (color.length === 4 && color[3] > 0.5)) {
            return color.slice(0, 3);
          }
        }
        return [255, 255, 255];
      };
      const low = [];
      for (const element of document.querySelectorAll("body *")) {
        const ownText = Array.from(element.childNodes).some(
          (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== "",
        );
        const box = element.getBoundingClientRect();
        if (!ownText || box.width === 0 || element.closest("svg, [hidden], .overslaan")) {
          continue;
        }
        const fg = luminance(parse(getComputedStyle(element).color));
        const bg = luminance(background(element));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < 4.5) {
          low.push(`${element.tagName}.${element.className} ${ratio.toFixed(2)}: ${element.textContent.trim().slice(0, 40)}`);
        }
      }
      const unlabelled = Array.from(document.querySelectorAll("input, select, textarea"))
        .filter((field) => field.type !== "hidden" && field.labels.length === 0)
        .map((field) => field.name);
      const charts = Array.from(document.querySelectorAll("svg[role=img]")).filter(
        (svg) => !svg.getAttribute("aria-labelledby"),
      ).length;
      const ids = Array.from(document.querySelectorAll("[id]"), (element) => element.id);
      const duplicateIds = ids.filter((id, index) => ids.indexOf(id) !== index);
      return {
        low,
        duplicateIds,
        unlabelled,
        charts,
        lang: document.documentElement.lang,
        main: document.querySelectorAll("main").length,
        h1: document.querySelectorAll("h1").length,
      };
    });
    assert.deepEqual(report.low, [], `${address}: text below 4.5:1`);
    assert.deepEqual(report.unlabelled, [], `${address}: fields without a label`);
    assert.deepEqual(report.duplicateIds, [], `${address}: element ids used twice`);
    assert.equal(report.charts, 0, `${address}: a chart without a name`);
    assert.equal(report.lang, "nl");
    assert.equal(report.main, 1, `${address}: one main landmark`);
    assert.equal(report.h1, 1, `${address}: one h1`);
  }
  await page.close();
});
