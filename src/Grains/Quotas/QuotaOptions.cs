namespace OrleansRegistry.Grains.Quotas;

/// <summary>Section <c>Registry:Quotas</c>: how much repositories may hold (docs/operations.md).</summary>
public sealed class QuotaOptions
{
    public const string Section = "Registry:Quotas";

    /// <summary>A repository is held to the first limit whose <see cref="QuotaLimitOptions.Repositories"/> match its name, or none.</summary>
    public List<QuotaLimitOptions> Limits { get; set; } = [];
}
