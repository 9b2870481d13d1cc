// Checks that ehsim's HTML report prints well on A4: no chart, figure or table block is cut
// across a page, the first page carries the headline and the side-by-side table, the pathway
// diagram prints on landscape pages, and the assumptions list prints in full.
//
// Usage: node print_check.mjs BROWSER REPORT.html REPORT.pdf MIN_PAGES MAX_PAGES
//
// Two views of the same report:
// 1. The page in headless Chromium (driven over the DevTools protocol on a pipe: no package
//    needed), in print media emulation with a viewport as wide as an A4 page's content box
//    (the @page size less its margins, read from the report's own style sheet, in CSS px).
//    There each chart, figure and table block must be kept whole when printed
//    (break-inside: avoid), fit the page's width, and be no taller than the page's content
//    box, or no printer could keep it whole.
// 2. The PDF that `ehsim report --pdf` printed, read with poppler's pdfinfo and pdftotext: the
//    page count is within [MIN_PAGES, MAX_PAGES], and each block's box, from the top of its
//    first line to the bottom of its last (its title and its caption for a chart), lies on
//    one page inside that page's content box. A block that crosses a page boundary is named.
//
// Exit 0 pass, 1 fail (each failure printed), 2 usage or set-up error.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [browser, htmlFile, pdfFile, minPagesText, maxPagesText] = process.argv.slice(2);
if (!maxPagesText) {
  console.error('usage: node print_check.mjs BROWSER REPORT.html REPORT.pdf MIN_PAGES MAX_PAGES');
  process.exit(2);
}
const minPages = Number(minPagesText);
const maxPages = Number(maxPagesText);
const failures = [];
const fail = (message) => failures.push(message);
const PX_PER_MM = 96 / 25.4;
const PT_PER_PX = 72 / 96;

// ---------------------------------------------------------------------------------------------
// Chromium over --remote-debugging-pipe: JSON messages separated by NUL, written to the
// browser's fd 3 and read from its fd 4.

class Browser {
  constructor(executable) {
    this.profile = mkdtempSync(join(tmpdir(), 'ehsim-print-check-'));
    this.child = spawn(executable, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--hide-scrollbars', '--mute-audio', `--user-data-dir=${this.profile}`,
      '--remote-debugging-pipe', 'about:blank',
    ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.pending = new Map();
    this.listeners = [];
    this.nextId = 1;
    let buffer = '';
    this.child.stdio[4].on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (message.id !== undefined && this.pending.has(message.id)) {
          const { ok, ko, method } = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) ko(new Error(`${method}: ${message.error.message}`));
          else ok(message.result);
        } else if (message.method) {
          for (const listener of this.listeners) listener(message);
        }
      }
    });
    this.exited = new Promise((done) => this.child.on('exit', done));
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((ok, ko) => {
      this.pending.set(id, { ok, ko, method });
      this.child.stdio[3].write(JSON.stringify(message) + '\0');
    });
  }

  event(method, sessionId) {
    return new Promise((done) => {
      const listener = (m) => {
        if (m.method === method && m.sessionId === sessionId) {
          this.listeners = this.listeners.filter((l) => l !== listener);
          done(m.params);
        }
      };
      this.listeners.push(listener);
    });
  }

  async close() {
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 3000))]);
    } catch (e) { /* already gone */ }
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    rmSync(this.profile, { recursive: true, force: true });
  }
}

function withTimeout(promise, seconds, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, ko) => { timer = setTimeout(() => ko(new Error(`timed out: ${what}`)), seconds * 1000); }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// In the page (print media emulation): the @page box and every block that must stay whole.

// Runs in the browser. Returns the A4 page box from the report's own @page rule (in mm) and
// each block: what it is, its text anchors for finding it in the PDF, its size in CSS px and
// its print style.
function measure() {
  const firstWordsOf = (text) => text.split(' ').slice(0, 8).join(' ');
  const toMm = (v) => {
    const m = /^([\d.]+)(mm|cm|in|px|pt)?$/.exec(String(v).trim());
    if (!m) return NaN;
    const n = Number(m[1]);
    return { mm: n, cm: n * 10, in: n * 25.4, px: n * 25.4 / 96, pt: n * 25.4 / 72, undefined: n * 25.4 / 96 }[m[2]];
  };
  const pages = {};
  const visit = (rules, inPrint) => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule) visit(rule.cssRules, inPrint || /print/.test(rule.conditionText));
      if (rule instanceof CSSPageRule && inPrint) {
        const name = rule.selectorText || '';
        pages[name] = {
          size: rule.style.getPropertyValue('size'),
          top: toMm(rule.style.marginTop), right: toMm(rule.style.marginRight),
          bottom: toMm(rule.style.marginBottom), left: toMm(rule.style.marginLeft),
        };
      }
    }
  };
  for (const sheet of document.styleSheets) visit(sheet.cssRules, false);
  const words = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  // The named page an element prints on: its own `page`, or the nearest ancestor's.
  const pageName = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const name = getComputedStyle(e).page;
      if (name && name !== 'auto') return name;
    }
    return '';
  };
  const blocks = [];
  // In document order, so that the PDF can be searched from one block to the next.
  for (const el of document.querySelectorAll('main figure, #headline table.headline')) {
    const box = el.getBoundingClientRect();
    if (box.height === 0) continue;  // not printed
    const style = getComputedStyle(el);
    // A chart's drawing as Vega drew it (its width attribute) and as the page shows it: a
    // drawing wider than the page is shrunk to fit, and its text with it.
    const drawn = [...el.querySelectorAll('.vis svg')].map((s) => Number(s.getAttribute('width')) || 0);
    const svgs = [...el.querySelectorAll('svg')].map((s) => s.getBoundingClientRect().width);
    let kind, name, first, last;
    if (el.tagName === 'TABLE') {
      const rows = el.querySelectorAll('tbody tr');
      kind = 'table';
      name = 'the side-by-side table';
      first = words(rows[0]);
      last = words(rows[rows.length - 1]?.querySelector('th'));
    } else {
      const title = words(el.querySelector('h3'));
      kind = el.classList.contains('chart') ? 'chart' : 'figure';
      last = words(el.querySelector('figcaption'));
      first = title || last;
      name = title || firstWordsOf(last) || el.id || 'a figure';
    }
    blocks.push({
      kind, name, first, last, page: pageName(el),
      width: box.width, height: box.height,
      widest_svg: svgs.length ? Math.max(...svgs) : 0,
      widest_drawing: drawn.length ? Math.max(...drawn) : 0,
      break_inside: style.breakInside,
    });
  }
  const sourced = [...document.querySelectorAll('#assumptions details code')].map(words);
  return {
    pages, blocks, sourced,
    title: words(document.querySelector('h1')),
    summary: words(document.getElementById('summary')),
    headline_note: words(document.querySelector('#headline p.note')),
    first_section_after_headline: words(document.querySelector('#headline + section h2')),
  };
}

function pageBox(pages, name) {
  const page = pages[name] || pages[''];
  if (!page) return null;
  const landscape = /landscape/.test(page.size);
  const [w, h] = landscape ? [297, 210] : [210, 297];
  return {
    landscape,
    widthPx: (w - page.left - page.right) * PX_PER_MM,
    heightPx: (h - page.top - page.bottom) * PX_PER_MM,
    marginsPt: { top: page.top * PX_PER_MM * PT_PER_PX, bottom: page.bottom * PX_PER_MM * PT_PER_PX },
  };
}

async function inspectPage(executable, file) {
  const chrome = new Browser(executable);
  try {
    const { targetId } = await chrome.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await chrome.send('Target.attachToTarget', { targetId, flatten: true });
    const call = (method, params) => chrome.send(method, params, sessionId);
    await call('Page.enable');
    await call('Runtime.enable');
    // An A4 portrait page's content box with the report's default margins (15 mm a side is close
    // enough for the first layout; the real width is set below from the style sheet).
    const viewport = (width, height) => call('Emulation.setDeviceMetricsOverride', {
      width: Math.floor(width), height: Math.floor(height), deviceScaleFactor: 1, mobile: false,
    });
    await viewport(180 * PX_PER_MM, 267 * PX_PER_MM);
    const loaded = chrome.event('Page.loadEventFired', sessionId);
    await call('Page.navigate', { url: 'file://' + resolve(file) });
    await withTimeout(loaded, 60, 'the report to load');
    const evaluate = async (expression) => {
      const r = await call('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
      return r.result.value;
    };
    const started = Date.now();
    let status = 'pending';
    while (status === 'pending' && Date.now() - started < 60000) {
      status = await evaluate("document.getElementById('report-status').getAttribute('data-status')");
      if (status === 'pending') await new Promise((r) => setTimeout(r, 100));
    }
    if (status !== 'rendered') throw new Error(`the report's charts did not render (status ${status})`);
    await call('Emulation.setEmulatedMedia', { media: 'print' });
    let result = await evaluate(`(${measure.toString()})()`);
    const portrait = pageBox(result.pages, '');
    if (!portrait) throw new Error('the report has no @page rule for print');
    await viewport(portrait.widthPx, portrait.heightPx);
    result = await evaluate(`(${measure.toString()})()`);
    return result;
  } finally {
    await chrome.close();
  }
}

// ---------------------------------------------------------------------------------------------
// In the PDF: pages, their sizes and where each word is.

function readPdf(file) {
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9999', file], { encoding: 'utf8' });
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const pages = [];
  const decode = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  for (const page of xml.split('<page ').slice(1)) {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(page);
    const words = [];
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ left: Number(m[1]), top: Number(m[2]), bottom: Number(m[4]), text: normalise(decode(m[5])) });
    }
    pages.push({ width: Number(size[1]), height: Number(size[2]), words });
  }
  return { count, pages };
}

function normalise(text) {
  return text.normalize('NFKC').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

// Where a run of words (the text, split at spaces) first occurs at or after `from`
// ({page, index}); null if it does not.
function find(pdf, text, from = { page: 0, index: 0 }) {
  const wanted = normalise(text).split(/\s+/).filter(Boolean);
  if (wanted.length === 0) return null;
  for (let p = from.page; p < pdf.pages.length; p++) {
    const words = pdf.pages[p].words;
    for (let i = p === from.page ? from.index : 0; i + wanted.length <= words.length; i++) {
      let k = 0;
      while (k < wanted.length && words[i + k].text === wanted[k]) k++;
      if (k === wanted.length) {
        const span = words.slice(i, i + k);
        return { page: p, begin: i, index: i + k, top: Math.min(...span.map((w) => w.top)),
                 bottom: Math.max(...span.map((w) => w.bottom)) };
      }
    }
  }
  return null;
}

// Where `text` (one word, perhaps broken over the lines of its table cell, so that its pieces
// come in order on one page, each line starting at the cell's left edge, with other cells'
// words between them) starts, at or after word `from`; -1 if it is not there. `words` are
// {text, page, left}.
function findBrokenWord(words, text, from) {
  for (let start = from; start < words.length; start++) {
    if (!words[start].text || !text.startsWith(words[start].text)) continue;
    let rest = text.slice(words[start].text.length);
    for (let at = start + 1; rest.length > 0 && at < words.length && words[at].page === words[start].page; at++) {
      const piece = words[at];
      if (piece.text && Math.abs(piece.left - words[start].left) < 1 && rest.startsWith(piece.text)) {
        rest = rest.slice(piece.text.length);
      }
    }
    if (rest.length === 0) return start;
  }
  return -1;
}

const firstWords = (text, n) => text.split(' ').slice(0, n).join(' ');
const lastWords = (text, n) => text.split(' ').slice(-n).join(' ');

// ---------------------------------------------------------------------------------------------

async function main() {
  let page;
  try {
    page = await withTimeout(inspectPage(browser, htmlFile), 100, 'Chromium');
  } catch (e) {
    console.error(`print_check: ${e.message}`);
    process.exit(2);
  }
  const portrait = pageBox(page.pages, '');
  const fmt = (v) => v.toFixed(0);

  // 1. In the page.
  for (const b of page.blocks) {
    const box = pageBox(page.pages, b.page) || portrait;
    if (b.break_inside !== 'avoid') fail(`${b.kind} "${b.name}" may be split across pages (break-inside: ${b.break_inside})`);
    if (b.height > box.heightPx) {
      fail(`${b.kind} "${b.name}" is ${fmt(b.height)}px tall: taller than a page's ${fmt(box.heightPx)}px, so it must be cut`);
    }
    const limit = box.widthPx;
    if (b.widest_svg > limit + 1) {
      fail(`${b.kind} "${b.name}" is ${fmt(b.widest_svg)}px wide: wider than the page's ${fmt(limit)}px`);
    }
    if (b.widest_drawing > limit + 1) {
      fail(`${b.kind} "${b.name}" is drawn ${fmt(b.widest_drawing)}px wide and shrunk to the page's ${fmt(limit)}px: give it a fixed width that fits`);
    }
  }

  // 2. In the PDF.
  let pdf;
  try {
    pdf = readPdf(pdfFile);
  } catch (e) {
    console.error(`print_check: cannot read ${pdfFile} with poppler-utils (pdfinfo, pdftotext): ${e.message}`);
    process.exit(2);
  }
  if (pdf.count < minPages || pdf.count > maxPages) {
    fail(`the PDF has ${pdf.count} pages; expected ${minPages} to ${maxPages}`);
  }
  let at = { page: 0, index: 0 };
  for (const b of page.blocks) {
    if (!b.first || !b.last) continue;
    // The next block is looked for after the one before it, and then anywhere (a PDF's text
    // need not come in reading order).
    const start = find(pdf, firstWords(b.first, 8), at) || find(pdf, firstWords(b.first, 8));
    if (!start) { fail(`${b.kind} "${b.name}": its first words are not in the PDF`); continue; }
    const end = find(pdf, lastWords(b.last, 8), { page: start.page, index: start.begin });
    if (!end) { fail(`${b.kind} "${b.name}": its last words are not in the PDF after its first`); continue; }
    const sheet = pdf.pages[start.page];
    const landscape = sheet.width > sheet.height;
    const box = pageBox(page.pages, b.page) || portrait;
    if (end.page !== start.page) {
      fail(`${b.kind} "${b.name}" crosses a page boundary: it starts on page ${start.page + 1} and ends on page ${end.page + 1}`);
    } else if (start.top < box.marginsPt.top - 2 || end.bottom > sheet.height - box.marginsPt.bottom + 2) {
      fail(`${b.kind} "${b.name}" on page ${start.page + 1} runs outside the page's content box`);
    }
    if (box.landscape !== landscape) {
      fail(`${b.kind} "${b.name}" is on a ${landscape ? 'landscape' : 'portrait'} page; expected ${box.landscape ? 'landscape' : 'portrait'}`);
    }
    at = { page: end.page, index: end.index };
  }

  // The first page: the title, the whole summary and the whole side-by-side table with its note;
  // the next section starts the next page.
  const onFirstPage = (text) => { const f = find(pdf, text); return f !== null && f.page === 0; };
  const firstPageNeeds = [
    ['the title', firstWords(page.title, 6)],
    ['the end of the summary', lastWords(page.summary, 8)],
    ['the end of the side-by-side table\'s note', lastWords(page.headline_note, 8)],
  ];
  for (const [what, text] of firstPageNeeds) {
    if (!onFirstPage(text)) fail(`the first page does not carry ${what} ("${text}")`);
  }
  if (page.first_section_after_headline && onFirstPage(page.first_section_after_headline)) {
    fail(`"${page.first_section_after_headline}" starts on the first page; it should start the next`);
  }

  // The assumptions list, in full: every parameter of the sourced list is printed.
  if (page.sourced.length > 0) {
    const words = pdf.pages.flatMap((p, page) => p.words.map((w) => ({ text: w.text, left: w.left, page })));
    let missing = 0;
    let firstMissing = '';
    for (const pointer of page.sourced) {
      // Anywhere: a PDF's text need not come in reading order.
      if (findBrokenWord(words, normalise(pointer).replace(/\s+/g, ''), 0) < 0) {
        missing++;
        firstMissing ||= pointer;
      }
    }
    if (missing > 0) {
      fail(`${missing} of the ${page.sourced.length} sourced numbers are not printed (first: ${firstMissing})`);
    }
  }

  const summary = `${pdf.count} pages, ${page.blocks.length} charts, figures and tables checked` +
    (page.sourced.length ? `, ${page.sourced.length} sourced numbers looked for` : '');
  if (failures.length > 0) {
    for (const f of failures) console.log(`FAIL ${f}`);
    console.log(`(${summary})`);
    process.exit(1);
  }
  console.log(`ok ${summary}`);
}

main();
