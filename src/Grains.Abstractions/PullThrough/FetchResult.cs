namespace OrleansRegistry.Grains.Abstractions.PullThrough;

/// <summary>What a fetch got, and until when it answers callers without another fetch.</summary>
/// <param name="Value">What waiters need of it (a token); null where the result is in storage and a repository.</param>
[GenerateSerializer, Immutable, Alias("FetchResult")]
public sealed record FetchResult([property: Id(0)] string? Value, [property: Id(1)] DateTimeOffset GoodUntil);
