// All resource plugins under one prefix; server.ts mounts this at /api/v1 and again at /v1.
import { Elysia } from "elysia";
import { apiKeyRoutes } from "./api-keys.ts";
import { channelRoutes } from "./channels.ts";
import { eventRoutes } from "./events.ts";
import { importRoutes } from "./import.ts";
import { incidentRoutes } from "./incidents.ts";
import type { ApiDeps } from "./context.ts";
import { invitationRoutes } from "./invitations.ts";
import { maintenanceRoutes } from "./maintenance.ts";
import { monitorRoutes } from "./monitors.ts";
import { organizationRoutes } from "./organizations.ts";
import { projectRoutes } from "./projects.ts";
import { sessionRoutes } from "./session.ts";
import { setupRoutes } from "./setup.ts";
import { statusPageRoutes } from "./status-pages.ts";
import { userRoutes } from "./users.ts";

export const apiRoutes = (deps: ApiDeps, prefix: string) =>
  new Elysia({ prefix })
    .use(sessionRoutes(deps))
    .use(setupRoutes(deps))
    .use(monitorRoutes(deps))
    .use(eventRoutes(deps))
    .use(projectRoutes(deps))
    .use(organizationRoutes(deps))
    .use(invitationRoutes(deps))
    .use(userRoutes(deps))
    .use(apiKeyRoutes(deps))
    .use(statusPageRoutes(deps))
    .use(channelRoutes(deps))
    .use(incidentRoutes(deps))
    .use(maintenanceRoutes(deps))
    .use(importRoutes(deps));
