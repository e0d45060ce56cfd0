// The signed-in user's own settings: change the password (the current one is required).
import { api } from "./api.js";
import { $, clearFieldErrors, notify, showFieldErrors, showView } from "./dom.js";

const form = $("#password-form");
const value = (name) => form.elements.namedItem(name).value;

export function showAccount() {
  showView("account");
  form.reset();
  clearFieldErrors(form);
}

async function onSubmit(event) {
  event.preventDefault();
  clearFieldErrors(form);
  if (value("new_password") !== value("new_password_again")) {
    showFieldErrors(form, [{ field: "new_password_again", message: "does not match the new password" }]);
    return $("#pw-again").focus();
  }
  try {
    await api("POST", "users/me/password", { current_password: value("current_password"), new_password: value("new_password") });
    form.reset();
    notify("Password changed. Other browsers signed in as you were logged out.", true);
  } catch (error) {
    if (error.status !== 400) return notify(error.message);
    showFieldErrors(form, error.details);
    form.querySelector("[aria-invalid=true]")?.focus();
  }
}

form.addEventListener("submit", onSubmit);
