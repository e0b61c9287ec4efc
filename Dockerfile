# A small image with just lvslint (and Graphviz, which draws the HTML report's cluster):
# the self-contained release built in a Swift image, copied onto a slim Debian base. It runs
# as an unprivileged user in /work, where the folder to check is mounted:
#   docker build -t lvslint .
#   docker run --rm -v "$PWD:/work" lvslint check cluster.yaml
#   docker run --rm -v "$PWD:/work" --user "$(id -u):$(id -g)" lvslint check --format sarif -o lvslint.sarif
# (--user lets it write reports into the mounted folder as you.) SWIFT_IMAGE picks the toolchain.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
# hadolint ignore=DL3008
RUN apt-get update -q \
    && apt-get install -y -q --no-install-recommends libyaml-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/release --output /dist \
    && mkdir /out \
    && tar -xzf /dist/lvslint-*-linux-x86_64.tar.gz -C /out --strip-components=1

FROM debian:bookworm-slim
# Versions are Debian's stable ones (security updates included): pinning them would stop those.
# hadolint ignore=DL3008
RUN apt-get update -q \
    && apt-get install -y -q --no-install-recommends graphviz \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /work --shell /usr/sbin/nologin lvslint
COPY --from=build /out/bin/lvslint /usr/local/bin/lvslint
COPY --from=build /out/share/man/man1/lvslint.1 /usr/local/share/man/man1/lvslint.1
WORKDIR /work
USER 10001:10001
ENTRYPOINT ["lvslint"]
CMD ["--help"]
