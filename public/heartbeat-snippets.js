// Ways to ping a heartbeat from a job, each ready to copy: curl, a crontab line, systemd units, PowerShell.
import { esc } from "./dom.js";

const curl = (url) => `curl -fsS -m 10 --retry 5 -o /dev/null ${url}`;

/** [id, title, text] for a heartbeat's ping URL; the crontab line uses its schedule when it has one. */
function snippets(m) {
  const url = m.url;
  const unit = m.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "job";
  return [
    ["curl", "curl, after the job succeeds", curl(url)],
    ["cron", "crontab: signal the start, then report the job's exit code",
      `${m.schedule ?? "0 3 * * *"} ${curl(`${url}/start`)}; /path/to/${unit}.sh; ${curl(`${url}/$?`)}`],
    ["systemd", "systemd: ping on success (ExecStartPost=), report failure (OnFailure=)",
      `# in ${unit}.service
[Unit]
OnFailure=${unit}-failed.service

[Service]
ExecStartPost=/usr/bin/${curl(url)}

# ${unit}-failed.service
[Service]
Type=oneshot
ExecStart=/usr/bin/${curl(`${url}/fail`)}`],
    ["powershell", "PowerShell (Windows Task Scheduler)",
      `try { & C:\\path\\to\\${unit}.ps1; Invoke-RestMethod -Uri "${url}" -TimeoutSec 10 | Out-Null }
catch { Invoke-RestMethod -Uri "${url}/fail" -Method Post -Body $_.ToString() -TimeoutSec 10 | Out-Null }`],
  ];
}

export function pingHtml(m) {
  return `<h2>Ping URL</h2>
  <p>Call this URL when the job succeeds; append <code>/start</code>, <code>/fail</code> or an exit code such as <code>/1</code>.</p>
  <div class="copy-row"><input id="ping-url" readonly value="${esc(m.url)}" aria-label="Ping URL">
  <button type="button" data-copy="ping-url">Copy</button></div>
  ${snippets(m).map(([id, title, text]) => `<h3 id="snippet-${id}-title">${esc(title)}</h3>
  <div class="snippet"><pre id="snippet-${id}" aria-labelledby="snippet-${id}-title" tabindex="0"><code>${esc(text)}</code></pre>
  <button type="button" data-copy="snippet-${id}" aria-label="Copy the ${id} snippet">Copy</button></div>`).join("")}`;
}
