// `upbeat export` and `upbeat apply` on real data folders, through the CLI as a user runs them.
import { expect, test } from "bun:test";
import { FULL_CONFIG, GROUPS_SWAPPED, instance, SECRETS } from "./fixture.ts";

test("apply creates everything the file lists, and a second apply changes nothing", async () => {
  const upbeat = await instance();
  const file = upbeat.file("upbeat.yaml", FULL_CONFIG);
  const first = upbeat.apply(file);
  expect(first.stderr).toBe("");
  expect(first.exitCode).toBe(0);
  expect(first.stdout).toContain('+ create monitor "Default/api"');
  expect(first.stdout).toContain('+ create status page "homelab"');
  expect(first.stdout).toContain("8 to create, 1 to change, 0 to delete");
  const second = upbeat.apply(file);
  expect(second.stdout.trim()).toBe("no changes");
  expect(second.exitCode).toBe(0);
});

test("export, apply on an empty instance, export again: the same file", async () => {
  const source = await instance();
  expect(source.apply(source.file("upbeat.yaml", FULL_CONFIG)).exitCode).toBe(0);
  const exported = source.export(["--with-secrets"]);
  expect(exported.exitCode).toBe(0);
  expect(exported.stdout).toContain("secret: a-long-signing-secret");
  expect(exported.stdout).toContain("custom_domain: status.example.com");
  expect(exported.stdout).toContain("is_critical: true");
  expect(exported.stdout).toContain("quiet_hours:\n      start: 22:00\n      end: 07:00\n      timezone: Europe/Berlin\n      days:\n        - sat\n        - sun\n");

  const target = await instance();
  const applied = target.apply(target.file("exported.yaml", exported.stdout), [], {});
  expect(applied.stderr).toBe("");
  expect(applied.exitCode).toBe(0);
  expect(target.export(["--with-secrets"]).stdout).toBe(exported.stdout);
  expect(target.apply(target.file("exported.yaml", exported.stdout), [], {}).stdout.trim()).toBe("no changes");
});

const OPS_PAGE = `  - key: ops
    slug: ops
    title: Operations
    custom_domain: status.example.com
    groups:
      - name: Web
        monitors:
          - Web/site
      - name: Backend
        monitors:
          - Default/api
          - Default/nightly backup
`;

test("a status page with two groups is exported as the file gave them, and applying the export changes nothing", async () => {
  const upbeat = await instance();
  upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG));
  const exported = upbeat.export(["--with-secrets"]).stdout;
  expect(exported).toContain(OPS_PAGE);
  // a page without headings keeps its plain list
  expect(exported).toContain("  - key: homelab\n    slug: homelab\n    title: Homelab\n    monitors:\n      - Default/api\n      - Web/site\n");
  expect(upbeat.apply(upbeat.file("exported.yaml", exported), [], {}).stdout.trim()).toBe("no changes");
  expect(upbeat.export(["--with-secrets"]).stdout).toBe(exported);
});

test("groups in another order, or a monitor in another group, are shown in the diff and applied", async () => {
  const upbeat = await instance();
  upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG));
  const reordered = upbeat.apply(upbeat.file("upbeat.yaml", GROUPS_SWAPPED));
  expect(reordered.stdout).toContain('~ change status page "ops": groups: ["Web","Backend"] → ["Backend","Web"]\n');
  expect(reordered.stdout).toContain("0 to create, 1 to change, 0 to delete");
  expect(upbeat.export().stdout).toContain("    groups:\n      - name: Backend\n");
  expect(upbeat.apply(upbeat.file("upbeat.yaml", GROUPS_SWAPPED)).stdout.trim()).toBe("no changes");

  const moved = upbeat.apply(upbeat.file("upbeat.yaml", GROUPS_SWAPPED.replace("[Default/api, Default/nightly backup]", "[Default/api]").replace("[Web/site]", "[Web/site, Default/nightly backup]")));
  expect(moved.stdout).toContain('~ change status page "ops": group "Backend": ["Default/api","Default/nightly backup"] → ["Default/api"], group "Web": ["Web/site"] → ["Web/site","Default/nightly backup"]');
  expect(upbeat.export().stdout).toContain("      - name: Web\n        monitors:\n          - Web/site\n          - Default/nightly backup\n");
});

test("groups with errors are named by file:line, before anything changes", async () => {
  const upbeat = await instance();
  const before = upbeat.export().stdout;
  const bad = upbeat.file("bad.yaml", FULL_CONFIG
    .replace("    custom_domain: status.example.com\n", "    custom_domain: not a host\n    monitors: [Web/site]\n")
    .replace("- name: Backend\n        monitors: [Default/api,", "- name: Web\n        monitors: [Web/site, Default/nope,"));
  const result = upbeat.apply(bad);
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain(`${bad}:37: status_pages[1].custom_domain: must be a host name`);
  expect(result.stderr).toContain(`${bad}:38: status_pages[1].monitors: give either monitors or groups, not both`);
  expect(result.stderr).toContain(`${bad}:42: status_pages[1].groups[1].name: another group has this name`);
  expect(result.stderr).toContain(`${bad}:43: status_pages[1].groups[1].monitors: Web/site is already in group "Web"`);
  expect(result.stderr).toContain(`${bad}:43: status_pages[1].groups[1].monitors[1]: no monitor with the key "Default/nope" in this file`);
  expect(upbeat.export().stdout).toBe(before);
});

test("without --with-secrets the export leaves secrets out, and applying it keeps the stored ones", async () => {
  const upbeat = await instance();
  upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG));
  const exported = upbeat.export();
  expect(exported.stdout).not.toContain(SECRETS.HOOK_SECRET);
  expect(upbeat.apply(upbeat.file("exported.yaml", exported.stdout), [], {}).stdout.trim()).toBe("no changes");
  expect(upbeat.export(["--with-secrets"]).stdout).toContain(`secret: ${SECRETS.HOOK_SECRET}`);
});

test("--format json exports the same configuration, and apply reads JSON too", async () => {
  const upbeat = await instance();
  upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG));
  const json = upbeat.export(["--format", "json", "--with-secrets"]);
  expect(JSON.parse(json.stdout).projects[0].monitors.map((m: { key: string }) => m.key)).toEqual(["api", "nightly backup"]);
  expect(upbeat.apply(upbeat.file("upbeat.json", json.stdout), [], {}).stdout.trim()).toBe("no changes");
});

test("--dry-run prints the diff and writes nothing", async () => {
  const upbeat = await instance();
  const before = upbeat.export().stdout;
  const dry = upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG), ["--dry-run"]);
  expect(dry.exitCode).toBe(0);
  expect(dry.stdout).toContain('+ create channel "ops hook"');
  expect(upbeat.export().stdout).toBe(before);
});

test("a changed field is shown as old → new and applied", async () => {
  const upbeat = await instance();
  upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG));
  const changed = upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG.replace("interval_seconds: 30", "interval_seconds: 120")));
  expect(changed.stdout).toContain('~ change monitor "Default/api": interval_seconds: 30 → 120');
  expect(upbeat.export().stdout).toContain("interval_seconds: 120");
});

test("quiet hours changed or left out of the file are shown and applied (left out: none)", async () => {
  const upbeat = await instance();
  upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG));
  const later = upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG.replace('end: "07:00"', 'end: "08:30"')));
  expect(later.stdout).toContain('~ change channel "ops hook": quiet_hours: {"days":["sat","sun"],"end":"07:00",');
  expect(upbeat.export().stdout).toContain("end: 08:30");
  const none = upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG.replace(/ {4}quiet_hours: .*\n/, "")));
  expect(none.stdout).toContain('~ change channel "ops hook": quiet_hours: {"days":["sat","sun"],"end":"08:30",');
  expect(none.stdout).toContain("→ null");
  expect(upbeat.export().stdout).not.toContain("quiet_hours");
});

test("a renamed entry keeps its key and is changed, not made again", async () => {
  const upbeat = await instance();
  upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG));
  const renamed = FULL_CONFIG.replace("      - name: site\n", "      - key: site\n        name: website\n").replace("Web/site", "Web/site");
  const first = upbeat.apply(upbeat.file("upbeat.yaml", renamed));
  expect(first.stdout).toContain('~ change monitor "Web/site": name: "site" → "website"');
  expect(first.stdout).not.toContain("+ create");
  expect(upbeat.apply(upbeat.file("upbeat.yaml", renamed)).stdout.trim()).toBe("no changes");
});

test("what the file no longer lists is kept, and deleted only with --prune", async () => {
  const upbeat = await instance();
  upbeat.apply(upbeat.file("upbeat.yaml", FULL_CONFIG));
  const smaller = upbeat.file("smaller.yaml", FULL_CONFIG.slice(0, FULL_CONFIG.indexOf("status_pages:")).replace(/  - name: Web[\s\S]*$/, ""));
  const kept = upbeat.apply(smaller);
  expect(kept.stdout).toContain('kept, not in the file (--prune deletes them): maintenance "Sunday patching", status page "homelab", status page "ops", monitor "Web/site", project "Web"');
  expect(upbeat.export().stdout).toContain("slug: homelab");
  const pruned = upbeat.apply(smaller, ["--prune"]);
  expect(pruned.stdout).toContain('- delete status page "homelab"');
  expect(pruned.stdout).toContain('- delete status page "ops"');
  expect(pruned.stdout).toContain('- delete project "Web"');
  expect(pruned.exitCode).toBe(0);
  const after = upbeat.export().stdout;
  expect(after).not.toContain("homelab");
  expect(after).not.toContain("key: Web");
  expect(upbeat.apply(smaller, ["--prune"]).stdout.trim()).toBe("no changes");
});

test("a file with errors names file:line: field: message for each, exits 2 and changes nothing", async () => {
  const upbeat = await instance();
  const before = upbeat.export().stdout;
  const bad = upbeat.file("bad.yaml", FULL_CONFIG.replace("interval_seconds: 30", "interval_seconds: 3").replace("[Default/api, Web/site]", "[Default/api, Web/nope]"));
  const result = upbeat.apply(bad);
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain(`${bad}:17: projects[0].monitors[0].interval_seconds: must be`);
  expect(result.stderr).toContain(`${bad}:34: status_pages[0].monitors[1]: no monitor with the key "Web/nope" in this file`);
  expect(result.stdout).toBe("");
  expect(upbeat.export().stdout).toBe(before);
});

test("a refusal met while applying rolls back everything done before it", async () => {
  const upbeat = await instance();
  // another organization on this instance holds the slug: only the server finds that, after the monitors were made
  expect(upbeat.upbeat(["user", "add", "--email", "other@example.com", "--password", "long-password"]).exitCode).toBe(0);
  const theirs = upbeat.upbeat(["apply", "-f", upbeat.file("theirs.yaml", "status_pages:\n  - slug: homelab\n    title: Theirs\n"), "--email", "other@example.com"]);
  expect(theirs.exitCode).toBe(0);
  const before = upbeat.export().stdout;
  const file = upbeat.file("upbeat.yaml", FULL_CONFIG);
  const result = upbeat.apply(file);
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain(`${file}:32: status_pages[0]: The slug "homelab" is taken`);
  expect(upbeat.export().stdout).toBe(before);
});

test("${VARIABLE} is expanded from the environment; an unset one is named with its line", async () => {
  const upbeat = await instance();
  const file = upbeat.file("upbeat.yaml", FULL_CONFIG);
  const unset = upbeat.apply(file, [], { HOOK_URL: SECRETS.HOOK_URL });
  expect(unset.exitCode).toBe(2);
  expect(unset.stderr).toContain(`${file}:7: channels[0].config.secret: environment variable HOOK_SECRET is not set`);
  expect(upbeat.apply(file).exitCode).toBe(0);
  expect(upbeat.export().stdout).toContain(`url: ${SECRETS.HOOK_URL}`);
});
