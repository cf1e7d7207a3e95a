namespace OrleansRegistry.Gateway.Hosting;

/// <summary><c>Registry:Mode</c>: whether the gateway co-hosts its silo or joins a cluster as a client.</summary>
public static class RegistryModes
{
    /// <summary>One process: gateway and silo, blobs and grain state on local disk.</summary>
    public const string Embedded = "Embedded";

    /// <summary>A stateless gateway: an Orleans client of silos found through Redis.</summary>
    public const string Cluster = "Cluster";
}
