# syntax=docker/dockerfile:1
#
# One image for every Paygraph service (gateway and subgraphs). The process to run is chosen at run time by
# PAYGRAPH_ENTRY, the entry file relative to /app, e.g.
#   docker run -e PAYGRAPH_ENTRY=subgraphs/users/src/index.ts ... paygraph
# One image means one build, one scan and one version for the whole graph: the supergraph baked in below is the one
# these subgraphs were composed with.
#
# TypeScript is executed by tsx at run time (a runtime dependency), so there is no compile stage to keep in sync with
# the source; dd-trace is imported first so it can instrument everything loaded after it.

FROM node:24-slim AS base
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

# --- manifests: only what `npm ci` reads --------------------------------------------------------------------------
# The whole context comes in here, but only the manifests come out; the next stage's COPY is cached on their
# content, so a source change does not reinstall dependencies. The globs are the root package.json "workspaces"
# (test/deploy.test.ts keeps the two lists equal): npm ci needs every workspace's package.json to match the lock.
FROM base AS manifests
COPY . /src
RUN mkdir -p /out \
 && cd /src \
 && cp package.json package-lock.json /out/ \
 && cp --parents gateway/package.json packages/*/package.json subgraphs/*/package.json web/package.json /out/

# --- deps: production dependencies only ------------------------------------------------------------------------------
# --omit=dev leaves out the `node` npm package (a dev dependency that pins Node for developers), so the image's own
# Node 24 runs the services; it also leaves out jest, swc, typescript and the codegen/composition tooling.
FROM base AS deps
COPY --from=manifests /out/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- runtime ---------------------------------------------------------------------------------------------------------
FROM base AS runtime
ARG PAYGRAPH_VERSION=dev
LABEL org.opencontainers.image.title="paygraph" \
      org.opencontainers.image.description="Paygraph gateway and subgraphs (select one with PAYGRAPH_ENTRY)" \
      org.opencontainers.image.version="${PAYGRAPH_VERSION}"
COPY --from=deps /app/ ./
# Owned by root and not writable by the service user: the code cannot be changed by the process that runs it.
COPY . .

# Listen on every interface inside the container (the services default to loopback).
ENV HOST=0.0.0.0 \
    PAYGRAPH_ENTRY=gateway/src/index.ts \
    DD_VERSION=${PAYGRAPH_VERSION}

# gateway 4000, users 4001, accounts 4002, payments 4003, transactions 4004, wallets 4005, fraud 4006.
# EXPOSE is documentation only.
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4007 4008

# The `node` user of the base image (uid/gid 1000). Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000

# No HEALTHCHECK here: the port differs per service; docker-compose.yml and the Kubernetes probes check
# /_health and /_readiness on each service's own port.
STOPSIGNAL SIGTERM
# `exec` makes node PID 1, so it receives SIGTERM itself and shuts down gracefully (drain HTTP, stop consumers,
# flush the outbox). tsx writes its transform cache under /tmp: with a read-only root filesystem mount a tmpfs there.
CMD ["sh", "-c", "exec node --import dd-trace/initialize.mjs --import tsx \"$PAYGRAPH_ENTRY\""]
