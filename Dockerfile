# syntax=docker/dockerfile:1
# One image per function, from one Dockerfile:
#   docker build --build-arg FUNCTION=Aggregator -t REGION-docker.pkg.dev/PROJECT/REPO/aggregator .
# FUNCTION names the project functions/<FUNCTION>/<FUNCTION>.csproj. cloudbuild.yaml builds all seven.
ARG DOTNET_VERSION=10.0

# ---------------------------------------------------------------- build: SDK
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG FUNCTION
RUN if [ -z "${FUNCTION}" ]; then echo "build with --build-arg FUNCTION=<Name> (a folder under functions/)" >&2; exit 1; fi
WORKDIR /src

# Only what a function build reads; .dockerignore keeps bin/, obj/, tests, data and docs out.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY shared/ shared/
COPY functions/ functions/
RUN if [ ! -f "functions/${FUNCTION}/${FUNCTION}.csproj" ]; then echo "functions/${FUNCTION}/${FUNCTION}.csproj not found" >&2; exit 1; fi

# ReadyToRun precompiles the app and its NuGet dependencies (the shared framework already is), so a
# cold start JITs less: measured on a function-shaped ASP.NET app (gRPC channel, protobuf,
# Telegram.Bot, CloudEvents formatter), process start to first 200 from /health went from a
# median of 320 ms to 271 ms (15 runs each, see docs/deploy.md). Framework-dependent, linux-x64.
# The app host executable is renamed to one entry-point name for every image; it still finds
# ${FUNCTION}.dll by the name built into it.
RUN dotnet publish "functions/${FUNCTION}/${FUNCTION}.csproj" \
      --configuration Release \
      --runtime linux-x64 \
      --self-contained false \
      -p:PublishReadyToRun=true \
      -p:UseAppHost=true \
      --output /app \
 && if [ ! -x "/app/${FUNCTION}" ]; then echo "publish produced no /app/${FUNCTION} host executable (AssemblyName changed?)" >&2; exit 1; fi \
 && mv "/app/${FUNCTION}" /app/function-host

# ---------------------------------------------------------------- run: ASP.NET runtime only
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
ARG FUNCTION
# Chart PNGs (Notifier, TelegramWebhook, ChartRenderer) need a font; the others can skip it with
# --build-arg INSTALL_FONTS=false.
ARG INSTALL_FONTS=true
RUN if [ "${INSTALL_FONTS}" = "true" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends fonts-dejavu-core fontconfig \
      && rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /app
# Owned by root and not writable by the app user: the running code cannot change itself.
COPY --from=build /app ./

ENV DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_NOLOGO=1 \
    PORT=8080 \
    CST_FUNCTION=${FUNCTION}

# The non-root user the .NET images ship (uid 1654, "app"). Cloud Run sets PORT; 8080 is its default.
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["/app/function-host"]
