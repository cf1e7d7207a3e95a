namespace OrleansRegistry.Upstream;

/// <summary>Turns validated settings into <see cref="Upstream"/>s, reading the secrets the settings name.</summary>
public static class UpstreamSettings
{
    private const string DockerHubNamespace = "docker.io";

    /// <summary>Docker Hub's API host and the other names it goes by.</summary>
    private static readonly HashSet<string> DockerHubHosts = new(StringComparer.OrdinalIgnoreCase) { "registry-1.docker.io", "index.docker.io", "docker.io" };

    public static Upstreams Read(PullThroughOptions options) => new(Resolve(options));

    internal static IReadOnlyList<UpstreamRegistry> Resolve(PullThroughOptions options) => options.Upstreams.Select(Resolve).ToList();

    /// <summary>A secret file's content without the line break editors and <c>echo</c> leave at its end.</summary>
    internal static string ReadSecret(string path) => File.ReadAllText(path).TrimEnd('\r', '\n');

    private static UpstreamRegistry Resolve(UpstreamOptions options)
    {
        var url = new Uri(options.Url!);
        var baseUri = new Uri(url.AbsoluteUri.TrimEnd('/') + "/");
        var dockerHub = DockerHubHosts.Contains(url.Host);
        return new UpstreamRegistry
        {
            Name = options.Name!,
            BaseUri = baseUri,
            Prefix = options.Prefix!.Trim('/'),
            Namespace = options.Namespace ?? (dockerHub ? DockerHubNamespace : url.Authority),
            SingleComponentNamespace = options.SingleComponentNamespace ?? (dockerHub ? "library" : null),
            RegistryMirror = options.RegistryMirror,
            Credentials = CredentialsOf(options),
            ManifestTtl = options.ManifestTtl,
            Timeout = options.Timeout,
        };
    }

    private static UpstreamCredentials CredentialsOf(UpstreamOptions options)
    {
        if ((options.Token ?? (options.TokenFile is { Length: > 0 } tokenFile ? ReadSecret(tokenFile) : null)) is { Length: > 0 } token)
        {
            return UpstreamCredentials.ForToken(token);
        }

        if (options.Username is { Length: > 0 } user)
        {
            return UpstreamCredentials.ForUser(user, options.Password ?? ReadSecret(options.PasswordFile!));
        }

        return UpstreamCredentials.Anonymous;
    }
}
