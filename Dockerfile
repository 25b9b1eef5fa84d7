# Madani server image: build the release binary, run it on a slim Debian with libpq.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev libssl-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release -p madani-api && cp target/release/madani /madani && mkdir -p web/dist

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libssl3 ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/madani --create-home madani
COPY --from=build /madani /usr/local/bin/madani
COPY --from=build /src/web/dist /usr/share/madani/web
USER madani
WORKDIR /var/lib/madani
# Two allocator arenas rather than glibc's eight per core: less memory held, the same throughput
# (see the README's figures).
ENV MADANI_BIND=0.0.0.0:8080 MADANI_DATA_DIR=/var/lib/madani MADANI_WEB_DIR=/usr/share/madani/web MADANI_ENV=production \
    MALLOC_ARENA_MAX=2
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["/usr/local/bin/madani"]
CMD ["serve"]
