namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>Where the container clients reach a registry: a single process, or one gateway of a cluster.</summary>
internal interface IRegistryEndpoint
{
    /// <summary>"127.0.0.1:PORT": the registry host as the container clients spell it.</summary>
    string HostPort { get; }
}

internal static class RegistryEndpointExtensions
{
    /// <summary>A containers-transport reference to REPOSITORY:TAG or REPOSITORY@DIGEST on this registry.</summary>
    public static string DockerReference(this IRegistryEndpoint registry, string repositoryAndTagOrDigest) =>
        $"docker://{registry.HostPort}/{repositoryAndTagOrDigest}";
}
