// Product analytics: date range, status filter, a paginated table and CSV export.
"use strict";

const LINKS = [["Home", "/"], ["Product analytics", "/analytics/products"]];
const RANGES = [["7", "Last 7 days"], ["28", "Last 28 days"], ["90", "Last 90 days"],
  ["custom", "Custom"]];

const table = {
  range: "28", start: "", end: "", status: "all", page: 1, perPage: 20,
  data: null, loading: true,
};

function money(cents) {
  return "$" + (cents / 100).toLocaleString("en-US",
    { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function count(n) {
  return n.toLocaleString("en-US");
}

function query(withPage) {
  const params = { range: table.range, status: table.status };
  if (table.range === "custom") Object.assign(params, { start: table.start, end: table.end });
  if (withPage) Object.assign(params, { page: table.page, per_page: table.perPage });
  return new URLSearchParams(params);
}

async function load() {
  if (table.range === "custom" && !(table.start && table.end)) return render();
  table.loading = true;
  render();
  try {
    table.data = await api(`/api/analytics/products?${query(true)}`);
  } catch (failure) {
    if (!(failure instanceof Unauthenticated)) showToast(failure.message, "alert");
  }
  table.loading = false;
  render();
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
    el("a", { class: "button", href: `/api/analytics/products/export?${query(false)}`,
      download: "" }, "Export"));
}

function grid() {
  const items = table.data ? table.data.items : [];
  const rows = items.map((item) => el("tr", { "data-product-id": item.product_id },
    el("td", {}, item.title),
    el("td", { class: "mono" }, item.product_id),
    el("td", {}, item.status),
    el("td", { class: "num" }, money(item.gmv_cents)),
    el("td", { class: "num" }, count(item.items_sold)),
    el("td", { class: "num" }, count(item.orders))));
  if (!table.loading && items.length === 0) {
    rows.push(el("tr", {}, el("td", { colspan: 6, class: "empty" }, "No data")));
  }
  return el("table", { "aria-label": "Product analytics" },
    el("thead", {}, el("tr", {}, ["Product", "Product ID", "Status", "GMV", "Items sold",
      "Orders"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows));
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
  document.getElementById("root").replaceChildren(
    header(LINKS, null),
    el("main", {},
      el("h1", {}, "Product analytics"),
      el("p", { class: "range" }, range),
      filters(),
      table.loading ? spinner("Loading product analytics") : null,
      grid(),
      pager()));
}

load();
