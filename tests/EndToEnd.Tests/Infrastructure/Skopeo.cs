using System.Text.Json.Nodes;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// skopeo against the registry under test, over plain HTTP. skopeo is the reference client here:
/// it copies between OCI layouts and a registry without any local image store, and it can print
/// the exact manifest bytes the registry serves.
/// </summary>
internal sealed class Skopeo(Clients clients, IRegistryEndpoint registry)
{
    /// <summary>Copies an image (or with <paramref name="all"/>, a whole index) into the registry.</summary>
    public Task<CliResult> PushAsync(string source, string repositoryAndTag, bool all = false) =>
        clients.SkopeoAsync([
            "copy", .. AllFlag(all), "--dest-tls-verify=false", source, registry.DockerReference(repositoryAndTag),
        ]);

    /// <summary>Copies an image (or with <paramref name="all"/>, a whole index) out of the registry.</summary>
    public Task<CliResult> PullAsync(string repositoryAndTag, string destination, bool all = false) =>
        clients.SkopeoAsync([
            "copy", .. AllFlag(all), "--src-tls-verify=false", registry.DockerReference(repositoryAndTag), destination,
        ]);

    /// <summary>The manifest (or index) bytes exactly as the registry serves them.</summary>
    public async Task<byte[]> InspectRawAsync(string repositoryAndTagOrDigest) =>
        (await clients.SkopeoAsync("inspect", "--raw", "--tls-verify=false", registry.DockerReference(repositoryAndTagOrDigest)))
        .StandardOutputBytes;

    /// <summary>skopeo's summary of an image; it includes the repository's tag list (RepoTags).</summary>
    public async Task<JsonObject> InspectAsync(string repositoryAndTag, string? overrideArch = null)
    {
        string[] global = overrideArch is null ? [] : ["--override-arch", overrideArch, "--override-os", "linux"];
        var result = await clients.SkopeoAsync([.. global, "inspect", "--tls-verify=false", registry.DockerReference(repositoryAndTag)]);
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    public Task<CliResult> TryInspectAsync(string repositoryAndTag) =>
        clients.TrySkopeoAsync("inspect", "--tls-verify=false", registry.DockerReference(repositoryAndTag));

    public Task<CliResult> DeleteAsync(string repositoryAndTag) =>
        clients.SkopeoAsync("delete", "--tls-verify=false", registry.DockerReference(repositoryAndTag));

    private static string[] AllFlag(bool all) => all ? ["--all"] : [];
}
