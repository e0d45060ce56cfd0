// First run: with no user at all, the setup form creates the admin (POST setup), who is then logged in.
import { api } from "./api.js";
import { $, clearFieldErrors, notify, showFieldErrors, showView } from "./dom.js";

const form = $("#setup-form");

/** True when the instance has no user yet (the server answers without a session). */
export async function needsSetup() {
  const { data } = await api("GET", "setup");
  return data.needs_setup;
}

/** Shows the form; `enter` receives the new admin once created and logged in; `login` follows a lost race. */
export function showSetup({ enter, login }) {
  showView("setup");
  $("#setup-email").focus();
  form.onsubmit = async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const value = (name) => form.elements.namedItem(name).value;
    if (value("password") !== value("password_again")) {
      showFieldErrors(form, [{ field: "password_again", message: "does not match the password" }]);
      return $("#setup-password-again").focus();
    }
    try {
      const { data } = await api("POST", "setup", { email: value("email").trim(), password: value("password") });
      form.reset();
      notify(`Welcome! You are the administrator, ${data.user.email}.`, true);
      enter(data.user);
    } catch (error) {
      if (error.status === 400) return showFieldErrors(form, error.details);
      if (error.status !== 409) return notify(error.message);
      login();
      notify("Someone else created the admin first. Please log in.");
    }
  };
}
