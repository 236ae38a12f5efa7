// Channel listings: status tabs, a paginated table, selection and bulk Deactivate.
"use strict";

const TABS = [
  ["active", "Active"], ["pending", "Pending"], ["reviewing", "Reviewing"],
  ["failed", "Failed"], ["inactive", "Inactive"], ["suspended", "Suspended"],
  ["all", "All"],
];

const FIXED_SIZE = hazard("shifting-pages") || hazard("fixed-page-size");

const state = {
  tab: "active", q: "", page: 1, perPage: hazard("shifting-pages") ? 10 : 20,
  data: null, shop: null, loading: true, failure: null,
  selected: new Set(), allMatching: false, dialog: null, jobs: 0,
  headerStuck: false,
};

// Ticks made in one go are drawn once, the way a framework batches the updates
// of one task: the redraw waits until the running script has finished.
let redrawQueued = false;
function renderSoon() {
  if (redrawQueued) return;
  redrawQueued = true;
  queueMicrotask(() => { redrawQueued = false; render(); });
}

// Re-renders once the running script is done, or 100-300 ms later when rows are
// remounted after a click.
function settle() {
  if (hazard("rerender-rows")) setTimeout(render, 100 + Math.random() * 200);
  else renderSoon();
}

// A success message: at once, or late and brief when toasts misbehave.
function notify(text) {
  if (hazard("toasts")) setTimeout(() => showToast(text, "status", 1000), 1500);
  else showToast(text);
}

function tabLabel(key) {
  return TABS.find(([k]) => k === key)[1];
}

function selectedCount() {
  return state.allMatching ? state.data.total : state.selected.size;
}

// With header-selects-page the header keeps looking checked across pages and
// after a bulk action, though nothing is selected there.
function clearSelection(keepHeader = false) {
  state.selected.clear();
  state.allMatching = false;
  state.headerStuck = keepHeader && state.headerStuck;
}

// Loads overlap (a page turn while a finished job reloads the page); only the
// latest one draws, and the spinner stays until it has, as apps guard them.
let latestLoad = 0;

async function load() {
  const mine = ++latestLoad;
  state.loading = true;
  state.failure = null;
  render();
  const query = new URLSearchParams({
    tab: state.tab, q: state.q, page: state.page, per_page: state.perPage,
  });
  try {
    const data = await api(`/api/listings?${query}`);
    if (mine !== latestLoad) return;
    state.data = data;
    const pages = Math.max(1, Math.ceil(state.data.total / state.perPage));
    if (state.page > pages) {
      state.page = pages;
      return load();
    }
    if (hazard("header-mixed") && state.selected.size === 0 && !state.allMatching) {
      for (const item of selectable(state.data.items).slice(0, 2)) {
        state.selected.add(item.product_id);
      }
    }
  } catch (failure) {
    if (mine !== latestLoad) return;
    if (!(failure instanceof Unauthenticated)) {
      state.data = null;
      state.failure = failure;
    }
  }
  state.loading = false;
  render();
}

function selectable(items) {
  return items.filter((item) => item.status !== "Deactivating");
}

function toggleRow(id) {
  state.allMatching = false;
  if (state.selected.has(id)) state.selected.delete(id);
  else state.selected.add(id);
  settle();
}

// The header box: it selects or clears the page, unless a hazard (C5) has it
// select the whole tab, clear a mixed page first, or stay looking checked.
function toggleHeader() {
  const ids = selectable(state.data.items).map((item) => item.product_id);
  const picked = ids.filter((id) => state.selected.has(id)).length;
  const all = ids.length > 0 && picked === ids.length;
  const wasAll = state.allMatching;
  state.allMatching = false;
  if (hazard("header-selects-all") && !wasAll && !all) {
    state.allMatching = true;
  } else if (hazard("header-mixed") && picked > 0 && !all) {
    for (const id of ids) state.selected.delete(id);
  } else {
    for (const id of ids) {
      if (all || wasAll) state.selected.delete(id);
      else state.selected.add(id);
    }
    state.headerStuck = hazard("header-selects-page") && !all && !wasAll;
  }
  settle();
}

function closeDialog() {
  const node = state.dialog;
  state.dialog = null;
  if (!hazard("slow-dialog")) return node.remove();
  node.classList.add("closing");
  setTimeout(() => node.remove(), 300);
}

async function confirmDeactivate() {
  if (hazard("dropped-confirm")) return closeDialog();
  const body = state.allMatching
    ? { all: true, tab: state.tab, q: state.q, page: state.page, per_page: state.perPage }
    : { ids: [...state.selected] };
  const count = selectedCount();
  closeDialog();
  render();
  try {
    const job = await api("/api/listings/deactivate", { method: "POST", body });
    // A refused request keeps the selection, so the same one can be sent again.
    clearSelection(true);
    notify(`Deactivating ${job.accepted} listings…`);
    state.jobs += 1;
    load();
    follow(job.job_id, count);
  } catch (failure) {
    if (!(failure instanceof Unauthenticated)) showToast(failure.message, "alert");
  }
}

async function follow(jobId, count) {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const job = await api(`/api/jobs/${jobId}`);
    if (job.state === "running") continue;
    state.jobs -= 1;
    notify(`${job.deactivated.length} listings deactivated`);
    if (job.failed.length) {
      showToast(`Failed to deactivate ${job.failed.length} listings`, "alert");
    }
    return load();
  }
}

function tabs() {
  const counts = state.data ? state.data.counts : {};
  return el(
    "div",
    { role: "tablist", "aria-label": "Listing status" },
    TABS.map(([key, label]) =>
      el(
        "button",
        {
          role: "tab",
          "aria-selected": String(key === state.tab),
          onclick: () => {
            state.tab = key;
            state.page = 1;
            clearSelection();
            load();
          },
        },
        counts[key] === undefined ? label : `${label} (${counts[key]})`,
      ),
    ),
  );
}

function toolbar() {
  const search = el("input", {
    type: "search", "aria-label": "Search listings", value: state.q,
    placeholder: "Search by title, product ID or SKU",
  });
  search.addEventListener("change", () => {
    state.q = search.value.trim();
    state.page = 1;
    clearSelection();
    load();
  });
  const count = state.data ? selectedCount() : 0;
  return el(
    "div",
    { class: "toolbar" },
    search,
    el("span", { class: "selection", "aria-live": "polite" }, `${count} selected`),
    el(
      "button",
      {
        class: "danger", disabled: count === 0,
        onclick: openDialog,
      },
      "Deactivate",
    ),
  );
}

function banner() {
  const items = selectable(state.data.items);
  const pageSelected = items.length > 0 && items.every((i) => state.selected.has(i.product_id));
  const label = tabLabel(state.tab);
  if (state.allMatching && hazard("header-selects-all")) return null;
  if (state.allMatching) {
    return el(
      "div", { class: "banner" },
      `All ${state.data.total} listings in ${label} are selected. `,
      el("button", { class: "link", onclick: () => { clearSelection(); render(); } },
        "Clear selection"),
    );
  }
  if (hazard("no-select-all-banner")) return null;
  if (!pageSelected || state.data.total <= items.length) return null;
  return el(
    "div", { class: "banner" },
    `All ${items.length} listings on this page are selected. `,
    el("button", {
      class: "link", onclick: () => { state.allMatching = true; render(); },
    }, `Select all ${state.data.total} listings in ${label}`),
  );
}

function table() {
  const items = state.data ? state.data.items : [];
  const ids = selectable(items).map((item) => item.product_id);
  const picked = ids.filter((id) => state.allMatching || state.selected.has(id)).length;
  const head = el("input", {
    type: "checkbox", "aria-label": "Select all on this page",
    onchange: toggleHeader,
  });
  head.checked = state.headerStuck || (ids.length > 0 && picked === ids.length);
  head.indeterminate = picked > 0 && picked < ids.length;
  const rows = items.map((item) => {
    const box = el("input", {
      type: "checkbox", "aria-label": `Select ${item.product_id}`,
      disabled: item.status === "Deactivating",
      onchange: () => toggleRow(item.product_id),
    });
    box.checked = state.allMatching || state.selected.has(item.product_id);
    return el(
      "tr", { "data-product-id": item.product_id },
      el("td", {}, box),
      el("td", {}, item.title),
      el("td", { class: "mono" }, item.product_id),
      el("td", { class: "mono" }, item.skus.join(", ")),
      el("td", {}, el("span", { class: `badge ${item.status.toLowerCase()}` },
        item.status === "Deactivating" ? "Deactivating…" : item.status),
        item.reason ? el("span", { class: "reason" }, item.reason) : null),
    );
  });
  if (!state.loading && !state.failure && items.length === 0) {
    rows.push(el("tr", {}, el("td", { colspan: 5, class: "empty" },
      `No listings in ${tabLabel(state.tab)}`)));
  }
  return el(
    "table", { "aria-label": "Listings" },
    el("thead", {}, el("tr", {},
      el("th", {}, head), el("th", {}, "Product"), el("th", {}, "Product ID"),
      el("th", {}, "SKUs"), el("th", {}, "Status"))),
    el("tbody", {}, rows),
  );
}

function pagination() {
  const total = state.data ? state.data.total : 0;
  const pages = Math.max(1, Math.ceil(total / state.perPage));
  const size = el("select", { id: "per-page" },
    [20, 50, 100].map((n) => el("option", { value: n, selected: n === state.perPage }, n)));
  size.addEventListener("change", () => {
    state.perPage = Number(size.value);
    state.page = 1;
    clearSelection();
    load();
  });
  const go = (page) => () => { state.page = page; clearSelection(true); load(); };
  return el(
    "nav", { "aria-label": "Pagination", class: "pagination" },
    el("button", { disabled: state.page <= 1, onclick: go(state.page - 1) }, "Previous"),
    el("span", {}, `Page ${state.page} of ${pages}`),
    el("button", { disabled: state.page >= pages, onclick: go(state.page + 1) }, "Next"),
    FIXED_SIZE ? null : el("label", { for: "per-page" }, "Rows per page"),
    FIXED_SIZE ? null : size,
  );
}

// The dialog lives outside the re-rendered root, so an animation runs once.
function openDialog() {
  const count = selectedCount();
  state.dialog = el(
    "div", { class: hazard("slow-dialog") ? "backdrop slow" : "backdrop" },
    el(
      "div", { role: "alertdialog", "aria-modal": "true", "aria-labelledby": "dlg-title",
        class: "dialog" },
      el("h2", { id: "dlg-title" }, `Deactivate ${count} listings?`),
      el("p", {}, "They will be taken off TikTok Shop. Their sales history is kept."),
      el("div", { class: "actions" },
        el("button", { onclick: closeDialog }, "Cancel"),
        el("button", { class: "danger", onclick: confirmDeactivate }, "Deactivate")),
    ),
  );
  document.body.append(state.dialog);
}

// Toasts sit over the pagination bar, wherever the table leaves it.
function pinToasts(pager) {
  const region = toastRegion();
  const box = pager.getBoundingClientRect();
  region.classList.add("pinned");
  Object.assign(region.style, {
    top: `${box.top + scrollY}px`, left: `${box.left + scrollX}px`,
    width: `${box.width}px`, height: `${box.height}px`,
  });
}

function render() {
  const pager = pagination();
  const main = el(
    "main", {},
    el("h1", {}, "Channel listings"),
    tabs(),
    toolbar(),
    state.data ? banner() : null,
    state.jobs > 0 ? el("p", { class: "job" }, "A deactivation is in progress.") : null,
    state.loading ? spinner("Loading listings") : null,
    state.failure ? loadFailure(state.failure, load) : null,
    table(),
    pager,
  );
  const links = [["Channel listings", "/listings"], ["Settings", "/settings"]];
  document.getElementById("root").replaceChildren(header(links, state.shop), main);
  if (hazard("toasts")) pinToasts(pager);
}

api("/api/shop").then((shop) => { state.shop = shop; render(); }).catch(() => {});
load();
firstVisitOverlays();
if (hazard("toasts")) {
  setTimeout(() => showToast("2 products could not sync inventory from Shopify", "alert"), 400);
  setTimeout(() => showToast("Sync finished", "status", 2500), 900);
}
