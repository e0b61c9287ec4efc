# A small image with just lvslint: build the self-contained release, then copy the binary
# onto a slim base (it needs only the C library).
#   docker build -t lvslint . && docker run --rm -v "$PWD:/work" -w /work lvslint check cluster.yaml
FROM swift:6.1-bookworm AS build
RUN apt-get update -q && apt-get install -y -q libyaml-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/release --output /dist && mkdir /out && tar -xzf /dist/lvslint-*-linux-x86_64.tar.gz -C /out --strip-components=1

FROM debian:bookworm-slim
COPY --from=build /out/bin/lvslint /usr/local/bin/lvslint
COPY --from=build /out/share/man/man1/lvslint.1 /usr/local/share/man/man1/lvslint.1
ENTRYPOINT ["lvslint"]
CMD ["--help"]
