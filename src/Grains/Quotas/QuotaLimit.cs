using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Quotas;

/// <summary>A limit of <see cref="QuotaLimitOptions"/>, parsed; <see cref="Index"/> is its place in the settings, to name it.</summary>
public sealed record QuotaLimit(int Index, RepositoryPattern Repositories, long? MaxBytes, long? MaxTags)
{
    public string Setting => $"{QuotaOptions.Section}:Limits:{Index}";
}
