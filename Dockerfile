# syntax=docker/dockerfile:1
#
# ipdesk: a multi-stage build. The first stage compiles with cgo (SQLite,
# with full-text search); the second is a small image holding the binary,
# CA certificates and a CJK font for the weekly chart, running as a user
# without privileges. The database lives on the /var/lib/ipdesk volume.
#
#   docker build --build-arg VERSION=v1.0.0 --build-arg REVISION=$(git rev-parse HEAD) -t ipdesk .
#   docker run -d --env-file ipdesk.env -v ipdesk-data:/var/lib/ipdesk ipdesk
#
# Tokens and secrets go in the environment at run time (--env-file, compose's
# env_file, a secret store), never in this file or the image.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
# A font with Chinese glyphs, copied into the runtime image, so that charts
# in Chinese are legible.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-droid-fallback \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=
ENV CGO_ENABLED=1
RUN go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" \
      -o /out/ipdesk ./cmd/ipdesk \
 && mkdir -p /out/data

# distroless/base has glibc (cgo's SQLite needs it), CA certificates and a
# nonroot user (65532), and no shell or package manager.
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/ipdesk /usr/local/bin/ipdesk
COPY --from=build /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
COPY --from=build --chown=65532:65532 /out/data /var/lib/ipdesk
USER 65532:65532
ENV IPDESK_DB=/var/lib/ipdesk/ipdesk.db \
    IPDESK_HEALTH_ADDR=:8081 \
    IPDESK_REPORT_DIR=/var/lib/ipdesk/reports \
    IPDESK_LOG_FORMAT=json
VOLUME ["/var/lib/ipdesk"]
# /livez, /readyz, /healthz and /metrics; publish it only to the monitoring
# network.
EXPOSE 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/ipdesk", "probe", "livez"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/ipdesk"]
CMD ["run"]
