// Product analytics: date range, status filter, a paginated table and CSV export.
"use strict";

const LINKS = [["Home", "/"], ["Product analytics", "/analytics/products"]];
const RANGES = [["7", "Last 7 days"], ["28", "Last 28 days"], ["90", "Last 90 days"],
  ["custom", "Custom"]];

const table = {
  range: "28", start: "", end: "", status: "all", page: 1, perPage: 20,
  data: null, loading: true, failure: null, exporting: null,
};

// The virtualised grid: rows are fetched CHUNK at a time and only those in view,
// plus OVERSCAN, are in the page.
const ROW_PX = 40;
const VIEW_PX = 480;
const OVERSCAN = 5;
const CHUNK = 50;
const virt = { rows: [], total: null, chunks: new Map(), top: 0, failure: null,
  scroller: null, body: null, status: null };

function money(cents) {
  return "$" + (cents / 100).toLocaleString("en-US",
    { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function count(n) {
  return n.toLocaleString("en-US");
}

// "1.23K", "3.4M", "1.2B": what "compact-numbers" shows from 1,000 up.
function compact(n) {
  for (const [size, suffix] of [[1e9, "B"], [1e6, "M"], [1e3, "K"]]) {
    if (Math.abs(n) >= size) return `${Number((n / size).toPrecision(3))}${suffix}`;
  }
  return null;
}

// GMV, items sold and orders as [shown text, exact value for a title or null].
function figures(item) {
  if (!hazard("compact-numbers")) {
    return [[money(item.gmv_cents), null], [count(item.items_sold), null],
      [count(item.orders), null]];
  }
  if (item.no_data) return [["\u2014", null], ["\u2014", null], ["\u2014", null]];
  const gmv = compact(item.gmv_cents / 100);
  return [
    gmv ? [`$${gmv}`, money(item.gmv_cents)] : [money(item.gmv_cents), null],
    [compact(item.items_sold) || count(item.items_sold), null],
    [compact(item.orders) || count(item.orders), null],
  ];
}

function figureCells(item, attrs) {
  return figures(item).map(([text, exact]) =>
    el(attrs.tag, { ...attrs.cell, class: "num", title: exact }, text));
}

function query(withPage) {
  const params = { range: table.range, status: table.status };
  if (table.range === "custom") Object.assign(params, { start: table.start, end: table.end });
  if (withPage) Object.assign(params, { page: table.page, per_page: table.perPage });
  return new URLSearchParams(params);
}

async function load() {
  if (table.range === "custom" && !(table.start && table.end)) return render();
  if (hazard("virtual-analytics")) return loadVirtual();
  table.loading = true;
  table.failure = null;
  render();
  try {
    table.data = await api(`/api/analytics/products?${query(true)}`);
  } catch (failure) {
    if (!(failure instanceof Unauthenticated)) {
      table.data = null;
      table.failure = failure;
    }
  }
  table.loading = false;
  render();
}

function loadVirtual() {
  Object.assign(virt, { rows: [], total: null, chunks: new Map(), top: 0, failure: null });
  table.loading = true;
  render();
  fetchChunk(1);
}

async function fetchChunk(number) {
  if (virt.chunks.has(number) || virt.failure) return;
  virt.chunks.set(number, "loading");
  renderStatus();
  const params = query(false);
  Object.entries({ page: number, per_page: CHUNK }).forEach(([k, v]) => params.set(k, v));
  try {
    const data = await api(`/api/analytics/products?${params}`);
    data.items.forEach((item, i) => { virt.rows[(number - 1) * CHUNK + i] = item; });
    virt.total = data.total;
    table.data = data;
    virt.chunks.set(number, "done");
  } catch (failure) {
    virt.chunks.delete(number);
    if (!(failure instanceof Unauthenticated)) virt.failure = failure;
  }
  if (table.loading) {
    table.loading = false;
    render();
  } else {
    renderRows();
    renderStatus();
  }
}

function retryVirtual() {
  virt.failure = null;
  if (virt.total === null) fetchChunk(1);
  else renderRows();
  renderStatus();
}

function select(id, label, options, value, onchange) {
  const node = el("select", { id },
    options.map(([v, text]) => el("option", { value: v, selected: v === value }, text)));
  node.addEventListener("change", () => onchange(node.value));
  return [el("label", { for: id }, label), node];
}

function filters() {
  const custom = table.range === "custom"
    ? [
      el("label", { for: "start" }, "Start date"),
      el("input", { id: "start", type: "date", value: table.start }),
      el("label", { for: "end" }, "End date"),
      el("input", { id: "end", type: "date", value: table.end }),
      el("button", {
        onclick: () => {
          table.start = document.getElementById("start").value;
          table.end = document.getElementById("end").value;
          table.page = 1;
          load();
        },
      }, "Apply"),
    ]
    : [];
  return el("div", { class: "toolbar" },
    select("range", "Date range", RANGES, table.range, (v) => {
      table.range = v; table.page = 1; load();
    }),
    custom,
    select("status", "Status", [["all", "All"], ["active", "Active"], ["inactive", "Inactive"]],
      table.status, (v) => { table.status = v; table.page = 1; load(); }),
    exportControl(),
    table.exporting && table.exporting.url
      ? el("a", { class: "button", href: table.exporting.url, download: "" }, "Download")
      : null);
}

function exportControl() {
  if (hazard("no-export")) {
    return el("button", { disabled: true, title: "Export is not available for this shop" },
      "Export");
  }
  if (hazard("async-export")) {
    return el("button", { disabled: Boolean(table.exporting), onclick: startExport },
      "Export");
  }
  if (hazard("export-new-tab")) {
    return el("a", { class: "button", target: "_blank",
      href: `/analytics/products/export-tab?${query(false)}` }, "Export");
  }
  return el("a", { class: "button", href: `/api/analytics/products/export?${query(false)}`,
    download: "" }, "Export");
}

// The asynchronous export: ask for a file, say it is being prepared, poll until
// it is ready, then offer a Download link.
async function startExport() {
  table.exporting = { url: null };
  render();
  const toast = showToast("Preparing export\u2026", "status", 60000);
  try {
    const job = await api(`/api/analytics/products/exports?${query(false)}`,
      { method: "POST" });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const state = await api(`/api/analytics/products/exports/${job.id}`);
      if (state.state !== "ready") continue;
      table.exporting = { url: state.url };
      break;
    }
  } catch (failure) {
    table.exporting = null;
    if (!(failure instanceof Unauthenticated)) showToast(failure.message, "alert");
  }
  toast.remove();
  render();
}

const HEADINGS = ["Product", "Product ID", "Status", "GMV", "Items sold", "Orders"];

function grid() {
  if (hazard("virtual-analytics")) return virtualGrid();
  const items = table.data ? table.data.items : [];
  const rows = items.map((item) => el("tr", { "data-product-id": item.product_id },
    el("td", {}, item.title),
    el("td", { class: "mono" }, item.product_id),
    el("td", {}, item.status),
    figureCells(item, { tag: "td", cell: {} })));
  if (!table.loading && !table.failure && items.length === 0) {
    rows.push(el("tr", {}, el("td", { colspan: 6, class: "empty" }, "No data")));
  }
  return el("table", { "aria-label": "Product analytics" },
    el("thead", {}, el("tr", {}, HEADINGS.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows));
}

function virtualGrid() {
  virt.body = el("div", { class: "vbody", role: "rowgroup" });
  virt.scroller = el("div", { role: "grid", "aria-label": "Product analytics",
    class: "vgrid", style: `height: ${VIEW_PX}px` },
  el("div", { role: "rowgroup", class: "vhead" },
    el("div", { role: "row", "aria-rowindex": 1, class: "vrow" },
      HEADINGS.map((h) => el("div", { role: "columnheader" }, h)))),
  virt.body);
  virt.scroller.addEventListener("scroll", () => {
    virt.top = virt.scroller.scrollTop;
    renderRows();
  });
  virt.status = el("div", { class: "vstatus" });
  return [virt.status, virt.scroller];
}

function renderRows() {
  if (!virt.body) return;
  const total = virt.total || 0;
  virt.scroller.setAttribute("aria-rowcount", total + 1);
  virt.body.style.height = `${total * ROW_PX}px`;
  const first = Math.floor(virt.top / ROW_PX);
  const last = Math.min(total, first + Math.ceil(VIEW_PX / ROW_PX) + OVERSCAN);
  const rows = [];
  for (let i = first; i < last; i += 1) {
    const item = virt.rows[i];
    const at = { "aria-rowindex": i + 2, class: "vrow", style: `top: ${i * ROW_PX}px` };
    if (!item) {
      fetchChunk(Math.floor(i / CHUNK) + 1);
      rows.push(el("div", { role: "row", ...at }, el("div", { role: "gridcell" }, "…")));
      continue;
    }
    rows.push(el("div", { role: "row", "data-product-id": item.product_id, ...at },
      el("div", { role: "gridcell" }, item.title),
      el("div", { role: "gridcell", class: "mono" }, item.product_id),
      el("div", { role: "gridcell" }, item.status),
      figureCells(item, { tag: "div", cell: { role: "gridcell" } })));
  }
  if (virt.total === 0 && !virt.failure) {
    rows.push(el("div", { role: "row", class: "vrow empty" },
      el("div", { role: "gridcell" }, "No data")));
  }
  virt.body.replaceChildren(...rows);
}

function renderStatus() {
  if (!virt.status) return;
  const loading = [...virt.chunks.values()].includes("loading");
  virt.status.replaceChildren(
    loading ? spinner("Loading product analytics") : "",
    virt.failure ? loadFailure(virt.failure, retryVirtual) : "");
}

function pager() {
  const total = table.data ? table.data.total : 0;
  const pages = Math.max(1, Math.ceil(total / table.perPage));
  const go = (page) => () => { table.page = page; load(); };
  return el("nav", { "aria-label": "Pagination", class: "pagination" },
    el("button", { disabled: table.page <= 1, onclick: go(table.page - 1) }, "Previous"),
    el("span", {}, `Page ${table.page} of ${pages}`),
    el("button", { disabled: table.page >= pages, onclick: go(table.page + 1) }, "Next"),
    select("per-page", "Rows per page", [10, 20, 50, 100].map((n) => [String(n), String(n)]),
      String(table.perPage), (v) => { table.perPage = Number(v); table.page = 1; load(); }));
}

function render() {
  const range = table.data ? `${table.data.start} ~ ${table.data.end}` : "";
  const virtual = hazard("virtual-analytics");
  document.getElementById("root").replaceChildren(
    header(LINKS, null),
    el("main", {},
      el("h1", {}, "Product analytics"),
      el("p", { class: "range" }, range),
      filters(),
      table.loading ? spinner("Loading product analytics") : null,
      table.failure ? loadFailure(table.failure, load) : null,
      grid(),
      virtual ? null : pager()));
  if (virtual) {
    virt.scroller.scrollTop = virt.top;
    renderRows();
    renderStatus();
  }
}

load();
