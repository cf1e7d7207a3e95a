namespace OrleansRegistry.Embedded.Hosting;

/// <summary>Section <c>Registry:Embedded</c>: the silo co-hosted by a single-node registry.</summary>
public sealed class EmbeddedSiloOptions
{
    public const string Section = "Registry:Embedded";

    /// <summary>The silo-to-silo port; 0 picks a free one, so several registries can run on one host.</summary>
    public int SiloPort { get; set; }

    /// <summary>The port Orleans clients would connect to; 0 picks a free one.</summary>
    public int GatewayPort { get; set; }
}
