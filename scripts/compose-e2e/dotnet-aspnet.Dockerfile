# Stand-in for mcr.microsoft.com/dotnet/aspnet:10.0, which cannot be pulled where CI runs. Built by
# scripts/compose-e2e.sh from a Debian 12 rootfs (debootstrap, imported as debian:12) and the .NET runtime of the
# machine's own SDK (the build context holds a copy of its dotnet folder). It keeps what src/*/Dockerfile rely on
# in the real image (Ubuntu 24.04 there, Debian 12 here): apt-get, bash, the runtime under /usr/share/dotnet with
# `dotnet` on PATH, the `app` user and APP_UID, and the same environment.
FROM debian:12

ARG DOTNET_VERSION
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_VERSION=$DOTNET_VERSION \
    ASPNET_VERSION=$DOTNET_VERSION

# The runtime-deps image's packages (Debian 12 names).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid=$APP_UID app \
 && useradd -l --uid=$APP_UID --gid=$APP_UID --create-home app

COPY dotnet/dotnet dotnet/LICENSE.txt dotnet/ThirdPartyNotices.txt /usr/share/dotnet/
COPY dotnet/host/ /usr/share/dotnet/host/
COPY dotnet/shared/ /usr/share/dotnet/shared/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && dotnet --list-runtimes
