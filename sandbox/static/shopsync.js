// TikTok Shop Sync: an endless Products list with a Bulk actions menu, and a
// Sync settings form that saves only on Save.
"use strict";

const LINKS = [["Products", "/products"], ["Sync settings", "/sync-settings"]];
const STATUS_TABS = [["published", "Published"], ["unpublished", "Unpublished"],
  ["error", "Error"]];
const SETTING_FIELDS = {
  auto_link_new_products: ["Automatically link new products",
    "Link products created in TikTok Shop to matching store products."],
  import_orders: ["Import TikTok orders", "Create new TikTok Shop orders in your store."],
  push_tracking_numbers: ["Push tracking numbers",
    "Send tracking numbers of shipped orders to TikTok Shop."],
};

let shop = null;

// Toasts cover the action buttons under the "shopsync-toasts" hazard.
function toast(text, role = "status", briefly = false) {
  if (!hazard("shopsync-toasts")) return showToast(text, role);
  toastRegion().classList.add("over-actions");
  return showToast(text, role, briefly ? 300 : 4000);
}

function frame(title, ...content) {
  const nav = el("nav", { "aria-label": "Main", class: "side" },
    LINKS.map(([label, href]) =>
      el("a", { href, "aria-current": location.pathname === href ? "page" : null }, label)));
  const bar = el("header", { class: "top" }, el("strong", { class: "brand" }, APP),
    shop ? el("div", { class: "account" },
      el("span", { class: "shop-name", title: "Shop" }, shop.name),
      el("span", { class: "market" }, `Market: ${shop.region}`),
      el("span", { class: "personal email", title: "Account e-mail" }, shop.email))
      : null);
  return [bar, el("div", { class: "with-side" }, nav,
    el("main", {}, el("h1", {}, title), ...content))];
}

function welcomeTour() {
  if (!hazard("shopsync-tour") || localStorage.getItem("tour-done")) return;
  const steps = ["Your products sync to TikTok Shop on their own.",
    "Use Bulk actions to publish or unpublish many products at once."];
  let step = 0;
  const text = el("p", {}, steps[0]);
  const next = () => {
    step = (step + 1) % steps.length;
    text.textContent = steps[step];
  };
  const skip = () => { localStorage.setItem("tour-done", "1"); tour.remove(); };
  const tour = el("div", { class: "backdrop" },
    el("div", { role: "dialog", "aria-modal": "true", "aria-labelledby": "tour-title",
      class: "dialog" },
      el("h2", { id: "tour-title" }, `Welcome to ${APP}`), text,
      el("div", { class: "actions" },
        el("button", { onclick: skip }, "Skip tour"),
        el("button", { onclick: next }, "Next"))));
  setTimeout(() => document.body.append(tour), 500);
}

// Products

const list = {
  status: "published", items: [], next: null, total: 0, counts: {},
  loading: false, selected: new Set(), menu: false, dialog: false,
};

function statusLabel(key) {
  return STATUS_TABS.find(([k]) => k === key)[1];
}

async function fetchBatch(after) {
  const query = new URLSearchParams({ status: list.status, after });
  return api(`/api/products?${query}`);
}

// Each fresh load starts a generation; answers of an older one are dropped.
let generation = 0;

async function loadProducts(more = false) {
  if (more && (list.loading || list.next === null)) return;
  if (!more) {
    generation += 1;
    Object.assign(list, { items: [], next: null });
    list.selected.clear();
    window.scrollTo(0, 0);
  }
  const mine = generation;
  list.loading = true;
  renderProducts();
  try {
    const data = await fetchBatch(more ? list.next : "");
    if (mine !== generation) return;
    list.items = list.items.concat(data.items);
    Object.assign(list, { next: data.next, total: data.total, counts: data.counts });
  } catch (failure) {
    if (!(failure instanceof Unauthenticated)) toast(failure.message, "alert");
  }
  list.loading = false;
  renderProducts();
}

// Fetches the loaded rows again, batch by batch, under "shopsync-refresh".
async function refreshLoaded() {
  if (list.loading || list.dialog || list.items.length === 0) return;
  const mine = generation;
  let items = [];
  let data = { next: "" };
  while (data.next !== null && items.length < list.items.length) {
    data = await fetchBatch(data.next);
    items = items.concat(data.items);
  }
  if (list.loading || mine !== generation) return;
  const ids = new Set(items.map((item) => item.product_id));
  for (const id of list.selected) if (!ids.has(id)) list.selected.delete(id);
  Object.assign(list, { items, next: data.next, total: data.total, counts: data.counts });
  renderProducts();
}

function selectable() {
  return list.items.filter((item) => item.status !== "Unpublishing");
}

function toggle(id) {
  if (list.selected.has(id)) list.selected.delete(id);
  else list.selected.add(id);
  renderProducts();
}

function toggleLoaded() {
  const ids = selectable().map((item) => item.product_id);
  const all = ids.length > 0 && ids.every((id) => list.selected.has(id));
  list.selected.clear();
  if (!all) ids.forEach((id) => list.selected.add(id));
  renderProducts();
}

async function unpublish() {
  const ids = [...list.selected];
  list.dialog = false;
  list.selected.clear();
  renderProducts();
  try {
    const task = await api("/api/products/bulk", {
      method: "POST", body: { action: "unpublish", product_ids: ids },
    });
    for (const item of list.items) if (ids.includes(item.product_id)) item.status = "Unpublishing";
    toast(`Unpublishing ${task.count} products`);
    renderProducts();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const state = await api(`/api/tasks/${task.task}`);
      if (!state.done) continue;
      toast(`${state.count} products unpublished`, "status", true);
      return loadProducts();
    }
  } catch (failure) {
    if (!(failure instanceof Unauthenticated)) toast(failure.message, "alert");
  }
}

function statusTabs() {
  return el("div", { role: "tablist", "aria-label": "Product status" },
    STATUS_TABS.map(([key, label]) => el("button", {
      role: "tab", "aria-selected": String(key === list.status),
      onclick: () => { list.status = key; loadProducts(); },
    }, list.counts[key] === undefined ? label : `${label} (${list.counts[key]})`)));
}

function actionsBar() {
  const count = list.selected.size;
  const ids = selectable().map((item) => item.product_id);
  const all = el("input", { type: "checkbox", id: "select-loaded", onchange: toggleLoaded });
  all.checked = ids.length > 0 && ids.every((id) => list.selected.has(id));
  const menu = list.menu ? el("div", { role: "menu", "aria-label": "Bulk actions" },
    el("button", { role: "menuitem", onclick: () => {
      list.menu = false;
      list.dialog = true;
      renderProducts();
    } }, "Unpublish")) : null;
  return el("div", { class: "toolbar actions-bar" },
    all, el("label", { for: "select-loaded" }, "Select all"),
    el("span", { "aria-live": "polite" }, `${count} products selected`),
    el("div", { class: "menu-anchor" },
      el("button", {
        "aria-haspopup": "menu", "aria-expanded": String(list.menu), disabled: count === 0,
        onclick: () => { list.menu = !list.menu; renderProducts(); },
      }, "Bulk actions"),
      menu));
}

function productRow(item) {
  const box = el("input", {
    type: "checkbox", "aria-label": `Select product ${item.product_id}`,
    disabled: item.status === "Unpublishing", onchange: () => toggle(item.product_id),
  });
  box.checked = list.selected.has(item.product_id);
  return el("li", { class: "product", "data-product-id": item.product_id },
    box,
    el("div", { class: "product-main" },
      el("strong", {}, item.title),
      el("span", { class: "mono" }, `ID ${item.product_id}`),
      el("span", { class: "mono skus" }, item.skus.join(", "))),
    el("span", { class: `badge ${item.status.toLowerCase()}` },
      item.status === "Unpublishing" ? "Unpublishing…" : item.status));
}

function listEnd() {
  if (list.loading) return spinner("Loading more products");
  if (list.items.length === 0) {
    return el("p", { class: "list-end" }, `No products in ${statusLabel(list.status)}`);
  }
  if (list.next === null) {
    return el("p", { class: "list-end" }, `All ${list.items.length} products shown`);
  }
  return el("p", { class: "list-end" }, `Showing ${list.items.length} of ${list.total}`);
}

let sentinel = null;

function renderProducts() {
  const end = listEnd();
  const dialog = list.dialog ? el("div", { class: "backdrop" },
    el("div", { role: "dialog", "aria-modal": "true", "aria-labelledby": "unpublish-title",
      class: "dialog" },
      el("h2", { id: "unpublish-title" }, `Unpublish ${list.selected.size} products?`),
      el("p", {}, "They are taken off TikTok Shop and stay in your store."),
      el("div", { class: "actions" },
        el("button", { onclick: () => { list.dialog = false; renderProducts(); } }, "Cancel"),
        el("button", { class: "danger", onclick: unpublish }, "Yes, unpublish")))) : "";
  document.getElementById("root").replaceChildren(
    ...frame("Products", statusTabs(), actionsBar(),
      el("ul", { "aria-label": "Products", class: "products" }, list.items.map(productRow)),
      end),
    dialog);
  // The list grows when its end scrolls into view; a new end is a new element.
  if (sentinel) sentinel.disconnect();
  sentinel = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadProducts(true);
  });
  sentinel.observe(end);
}

// Sync settings

const form = { saved: null, draft: null, saving: false };

function isDirty() {
  return Object.keys(SETTING_FIELDS).some((key) => form.saved[key] !== form.draft[key]);
}

async function save() {
  form.saving = true;
  renderSettings();
  try {
    form.saved = await api("/api/sync-settings", { method: "PUT", body: form.draft });
    form.draft = { ...form.saved };
    toast("Settings saved");
  } catch (failure) {
    if (!(failure instanceof Unauthenticated)) toast(failure.message, "alert");
  }
  form.saving = false;
  renderSettings();
}

function change(key, value) {
  form.draft[key] = value;
  renderSettings();
}

function autoLinkField() {
  const [label, help] = SETTING_FIELDS.auto_link_new_products;
  const box = el("input", { type: "checkbox", id: "auto-link",
    onchange: () => change("auto_link_new_products", box.checked) });
  box.checked = form.draft.auto_link_new_products;
  return el("div", { class: "setting" },
    el("div", {}, box, el("label", { for: "auto-link" }, label), el("p", { class: "help" }, help)));
}

function switchField(key) {
  const [label, help] = SETTING_FIELDS[key];
  const on = form.draft[key];
  return el("div", { class: "setting" },
    el("div", {}, el("span", {}, label), el("p", { class: "help" }, help)),
    el("button", { type: "button", role: "switch", "aria-checked": String(on),
      "aria-label": label, class: on ? "switch on" : "switch",
      onclick: () => change(key, !on) }, el("span", { class: "knob" })));
}

function renderSettings() {
  let content = [spinner("Loading settings")];
  if (form.draft) {
    const dirty = isDirty();
    content = [
      el("div", { class: "savebar" },
        dirty ? el("span", {}, "Unsaved changes") : null,
        el("button", { type: "button", disabled: !dirty || form.saving,
          onclick: () => { form.draft = { ...form.saved }; renderSettings(); } }, "Discard"),
        el("button", { type: "button", class: "primary", disabled: !dirty || form.saving,
          onclick: save }, form.saving ? "Saving…" : "Save")),
      el("form", { "aria-label": "Sync settings", onsubmit: (e) => e.preventDefault() },
        el("section", { "aria-label": "Products" }, el("h2", {}, "Products"), autoLinkField()),
        el("section", { "aria-label": "Orders" }, el("h2", {}, "Orders"),
          switchField("import_orders"), switchField("push_tracking_numbers"))),
    ];
  }
  document.getElementById("root").replaceChildren(...frame("Sync settings", ...content));
}

function render() {
  if (PAGE.view === "settings") renderSettings();
  else renderProducts();
}

render();
welcomeTour();
api("/api/shop").then((data) => { shop = data; render(); }).catch(() => {});
if (PAGE.view === "settings") {
  api("/api/sync-settings").then((data) => {
    form.saved = data;
    form.draft = { ...data };
    renderSettings();
  }).catch(() => {});
} else {
  loadProducts();
  if (hazard("shopsync-refresh")) setInterval(() => refreshLoaded().catch(() => {}), 1500);
}
