// Entry point: first run or session check, login/logout, and the hash router that picks a view.
import { api } from "./api.js";
import { $, clearNotice, notify, showView } from "./dom.js";
import { showAccount } from "./account.js";
import { showChannel } from "./channels.js";
import { needsSetup, showSetup } from "./first-run.js";
import { clearInvitations, loadInvitations } from "./invitations.js";
import { showMaintenance } from "./maintenance.js";
import { showDetail, stopDetail } from "./monitor-detail.js";
import { showCloneMonitor, showEditMonitor, showNewMonitor } from "./monitor-form.js";
import { showMonitors, stopMonitors } from "./monitors.js";
import { showSettings } from "./projects.js";
import { showStatusPageForm, showStatusPages } from "./status-pages.js";

const ROUTES = [
  [/^#\/new$/, showNewMonitor],
  [/^#\/monitor\/([\w-]+)$/, showDetail],
  [/^#\/monitor\/([\w-]+)\/edit$/, showEditMonitor],
  [/^#\/monitor\/([\w-]+)\/clone$/, showCloneMonitor],
  [/^#\/settings(?:\/(projects|keys|channels|import|maintenance|members|organization))?$/, showSettings],
  [/^#\/maintenance\/([\w-]+)$/, showMaintenance],
  [/^#\/keys$/, () => showSettings("keys")],
  [/^#\/channel\/([\w-]+)$/, showChannel],
  [/^#\/account$/, showAccount],
  [/^#\/status-pages$/, showStatusPages],
  [/^#\/status-pages\/([\w-]+)$/, showStatusPageForm],
  [/^/, showDashboard],
];

/** The monitors, with any invitations waiting for the user above them. */
function showDashboard() {
  showMonitors();
  loadInvitations();
}

let signedIn = false;

function route() {
  if (!signedIn) return;
  for (const [pattern, show] of ROUTES) {
    const match = pattern.exec(location.hash);
    if (match) return show(...match.slice(1));
  }
}

function enter(user) {
  signedIn = true;
  $("#who").textContent = user.email;
  $("#nav").hidden = false;
  route();
}

function showLogin() {
  signedIn = false;
  stopMonitors();
  stopDetail();
  clearInvitations();
  $("#nav").hidden = true;
  showView("login");
  $("#login-email").focus();
}

async function onLogin(event) {
  event.preventDefault();
  const form = event.target;
  const error = $("#login-error");
  error.textContent = "";
  try {
    const { data } = await api("POST", "auth/login", {
      email: form.elements.namedItem("email").value,
      password: form.elements.namedItem("password").value,
    });
    form.reset();
    clearNotice();
    enter(data.user);
  } catch (failure) {
    error.textContent = failure.status === 400 ? "Enter an email address and a password." : failure.message;
  }
}

async function onLogout() {
  try {
    await api("POST", "auth/logout");
  } catch (error) {
    if (error.status !== 401) return notify(error.message);
  }
  location.hash = "";
  showLogin();
  notify("You are logged out.", true);
}

async function start() {
  try {
    if (await needsSetup()) return showSetup({ enter, login: showLogin });
    const { data } = await api("GET", "users/me");
    enter(data);
  } catch (error) {
    showLogin();
    if (error.status !== 401) notify(error.message);
  }
}

addEventListener("hashchange", () => {
  // a success message ("Created …") outlives the navigation it causes; errors do not
  if (!$("#notice").classList.contains("ok")) clearNotice();
  route();
});
addEventListener("upbeat:signed-out", () => {
  if (!signedIn) return;
  showLogin();
  notify("Your session has ended. Please log in again.");
});
$("#login-form").addEventListener("submit", onLogin);
$("#logout").addEventListener("click", onLogout);
start();
