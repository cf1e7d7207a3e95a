namespace OrleansRegistry.Grains.Abstractions.Usage;

/// <summary>The quota a repository is held to, and the setting that sets it (<c>Registry:Quotas:Limits:N</c>).</summary>
[GenerateSerializer, Immutable, Alias("RepositoryQuota")]
public sealed record RepositoryQuota([property: Id(0)] long? MaxBytes, [property: Id(1)] long? MaxTags, [property: Id(2)] string Setting);
