# upbeat as a container: build the single binary with Bun, run it on a slim glibc base.
#   docker build --build-arg UPBEAT_BUILD_COMMIT=$(git rev-parse --short HEAD) -t upbeat .
#   docker run -d -p 8080:8080 -v upbeat:/data upbeat

FROM node:20-bookworm-slim AS build
WORKDIR /src
# dependencies first, so a source change does not reinstall them
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# .git is not sent to the builder; pass the commit to bake into `upbeat version`
ARG UPBEAT_BUILD_COMMIT=unknown
RUN npm run build

FROM debian:bookworm-slim
# ping monitors run the system's ping
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iputils-ping \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin upbeat \
 && mkdir -p /data \
 && chown upbeat:upbeat /data
COPY --from=build /src/dist/upbeat /usr/local/bin/upbeat
# no BUN_JSC_* here: `upbeat serve` adds JavaScriptCore's memory options itself (src/jsc-options.ts), and a value
# set here would win over its own
ENV UPBEAT_DATA_DIR=/data \
    UPBEAT_HOST=0.0.0.0 \
    UPBEAT_PORT=8080
VOLUME /data
EXPOSE 8080
USER upbeat
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["upbeat","healthcheck"]
ENTRYPOINT ["upbeat"]
CMD ["serve"]
