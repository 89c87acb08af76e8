# Multi-stage build: a static binary on a minimal, non-root runtime image.
# Templ output is committed, so the build needs only the Go toolchain.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/headway ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/headway /headway
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/headway"]
