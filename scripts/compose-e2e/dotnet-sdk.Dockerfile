# Stand-in for mcr.microsoft.com/dotnet/sdk:10.0 (see dotnet-aspnet.Dockerfile): the aspnet stand-in plus the
# rest of the machine's SDK, and the tools the real SDK image adds (curl, git, wget).
FROM mcr.microsoft.com/dotnet/aspnet:10.0

ARG DOTNET_SDK_VERSION
ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false \
    DOTNET_NOLOGO=true \
    DOTNET_SDK_VERSION=$DOTNET_SDK_VERSION \
    DOTNET_USE_POLLING_FILE_WATCHER=true \
    NUGET_XMLDOC_MODE=skip

RUN apt-get update \
 && apt-get install -y --no-install-recommends curl git libatomic1 wget \
 && rm -rf /var/lib/apt/lists/*

# Not in the real image: the certificate authorities this machine adds to its own trust store
# (/usr/local/share/ca-certificates), so that `dotnet restore` reaches NuGet over HTTPS from a network that
# inspects TLS, as the host itself does. Empty where the host adds none.
COPY ca-certificates/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
# Also this machine's, passed on when set: where certificate revocation lists cannot be fetched, NuGet's online
# check of package signatures waits out its timeouts (restore took 2 min instead of 10 s).
ARG NUGET_CERT_REVOCATION_MODE=
ENV NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE

COPY dotnet/sdk/ /usr/share/dotnet/sdk/
COPY dotnet/sdk-manifests/ /usr/share/dotnet/sdk-manifests/
COPY dotnet/packs/ /usr/share/dotnet/packs/
COPY dotnet/templates/ /usr/share/dotnet/templates/
RUN dotnet --info >/dev/null && dotnet --version
