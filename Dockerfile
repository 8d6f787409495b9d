# Suture in a container (docs/operations.md, "Deployment").
#
#   docker build -t suture .
#   docker run -p 8080:8080 -v suture-data:/var/lib/suture -e ERP_TOKEN=... suture
#
# Build stage: the Swift toolchain, a release build with the Swift standard library linked
# statically, so the runtime image needs no toolchain.
FROM swift:6.3-noble AS build
WORKDIR /src
COPY Package.swift ./
COPY Plugins ./Plugins
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product suture --static-swift-stdlib \
    && install -D "$(swift build -c release --show-bin-path)/suture" /out/suture

# Runtime stage: a small Ubuntu, the binary, a non-root user, the store on a volume.
FROM ubuntu:noble
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/suture --create-home --shell /usr/sbin/nologin suture
COPY --from=build /out/suture /usr/local/bin/suture
COPY suture.example.yaml /etc/suture/suture.example.yaml
USER suture
WORKDIR /var/lib/suture
VOLUME ["/var/lib/suture"]
EXPOSE 8080
# Live: the process answers; ready: its store answers too (503 while it cannot).
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
# SIGTERM drains in-flight work for http.shutdownGrace (30 s) before the process stops.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/suture"]
# A configuration mounted at /etc/suture/suture.yaml should say `http: { host: 0.0.0.0 }`.
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--store", "sqlite:/var/lib/suture/suture.db"]
