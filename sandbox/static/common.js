// Shared helpers for the replica apps: DOM building, API calls, toasts, header.
"use strict";

const PAGE = JSON.parse(document.body.dataset.page || "{}");
const APP = document.body.dataset.app;
const HAZARDS = new Set(PAGE.hazards || []);

// Whether the sandbox was started with this hazard switched on.
function hazard(name) {
  return HAZARDS.has(name);
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(child));
  }
  return node;
}

class Unauthenticated extends Error {}

// A 401 means the session ended, except to the login form, whose refusal it is.
async function api(path, options = {}, { loginForm = false } = {}) {
  const init = { credentials: "same-origin", ...options };
  if (init.body && typeof init.body !== "string") {
    init.body = JSON.stringify(init.body);
    init.headers = { "Content-Type": "application/json" };
  }
  const response = await fetch(path, init);
  if (response.status === 401 && !loginForm) {
    showToast("Your session has expired. Please log in again.", "alert");
    const next = encodeURIComponent(location.pathname + location.search);
    setTimeout(() => location.assign(`/login?next=${next}`), 1200);
    throw new Unauthenticated();
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.error || `Request failed (${response.status})`);
    error.status = response.status;
    error.retryAfter = response.headers.get("Retry-After");
    throw error;
  }
  return data;
}

function toastRegion() {
  let region = document.getElementById("toasts");
  if (!region) {
    region = el("div", { id: "toasts", class: "toasts" });
    document.body.append(region);
  }
  return region;
}

// Success toasts leave after a few seconds; error toasts stay until closed.
function showToast(text, role = "status", ms = 4000) {
  const toast = el("div", { class: `toast toast-${role}`, role }, el("span", {}, text));
  if (role === "alert") {
    toast.append(el("button", { "aria-label": "Dismiss", onclick: () => toast.remove() }, "×"));
  } else {
    setTimeout(() => toast.remove(), ms);
  }
  toastRegion().append(toast);
  return toast;
}

function header(links, shop) {
  const here = location.pathname;
  const nav = el(
    "nav",
    { "aria-label": "Main" },
    links.map(([label, href]) =>
      el("a", { href, "aria-current": here === href ? "page" : null }, label),
    ),
  );
  const account = shop
    ? el(
        "div",
        { class: "account" },
        el("span", { class: "shop-name", title: "Shop" }, shop.name),
        el("span", { class: "region", title: "Shop region" }, `Region: ${shop.region}`),
        el("span", { class: "personal owner", title: "Store owner" }, shop.owner),
        el("span", { class: "personal email", title: "Account e-mail" }, shop.email),
      )
    : null;
  return el("header", { class: "top" }, el("strong", { class: "brand" }, APP), nav, account);
}

// A load that failed: what the server said, and a button to send it again.
function loadFailure(failure, retry) {
  return el("div", { role: "alert", "aria-label": "Loading failed", class: "load-failure" },
    el("span", {}, `Could not load the data: ${failure.message}`),
    el("button", { onclick: retry }, "Retry"));
}

function spinner(label) {
  return el("div", { role: "progressbar", "aria-label": label, class: "spinner" }, label);
}

function renderLogin() {
  const params = new URLSearchParams(location.search);
  const error = el("p", { class: "error", role: "alert", hidden: true });
  const email = el("input", { id: "email", name: "email", type: "email", autocomplete: "username" });
  const password = el("input", {
    id: "password", name: "password", type: "password", autocomplete: "current-password",
  });
  const form = el(
    "form",
    { class: "login", "aria-label": "Log in" },
    el("h1", {}, `Log in to ${APP}`),
    el("label", { for: "email" }, "Email"),
    email,
    el("label", { for: "password" }, "Password"),
    password,
    error,
    el("button", { type: "submit" }, "Log in"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("/api/login", {
        method: "POST",
        body: { username: email.value, password: password.value },
      }, { loginForm: true });
      location.assign(params.get("next") || "/");
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
    }
  });
  document.getElementById("root").replaceChildren(form);
}

function hasCookie(name) {
  return document.cookie.split("; ").some((pair) => pair.startsWith(`${name}=`));
}

function remember(name, value) {
  document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax`;
}

// First-visit overlays, each remembered in a cookie: a consent banner that
// switches off pointer events on the page until answered, and a "What's new"
// modal that opens a moment after the page.
function firstVisitOverlays() {
  if (hazard("consent-banner") && !hasCookie("consent")) {
    const answer = (value) => () => {
      remember("consent", value);
      banner.remove();
      document.body.style.pointerEvents = "";
    };
    const banner = el(
      "div",
      { role: "dialog", "aria-modal": "true", id: "consent", "aria-labelledby": "consent-title" },
      el("h2", { id: "consent-title" }, "Cookie consent"),
      el("p", {}, "We use cookies to keep you signed in and to improve the app."),
      el("button", { onclick: answer("1") }, "Accept all"),
      el("button", { onclick: answer("0") }, "Reject"),
    );
    document.body.style.pointerEvents = "none";
    document.body.append(banner);
  }
  if (hazard("whats-new-modal") && !hasCookie("whats_new_seen")) {
    setTimeout(() => {
      const close = () => { remember("whats_new_seen", "1"); modal.remove(); };
      const modal = el(
        "div", { class: "backdrop" },
        el(
          "div", { role: "dialog", "aria-modal": "true", "aria-labelledby": "news-title",
            class: "dialog" },
          el("h2", { id: "news-title" }, "What's new"),
          el("p", {}, "Bulk actions now work across pages. Find them above the table."),
          el("div", { class: "actions" }, el("button", { onclick: close }, "Got it")),
        ),
      );
      document.body.append(modal);
    }, 600);
  }
}
