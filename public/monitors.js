// The monitors list is the dashboard (dashboard*.js); the other views import these from here.
export { monitorsChanged, showMonitors, stopMonitors } from "./dashboard.js";
