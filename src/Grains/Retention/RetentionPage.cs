using OrleansRegistry.Grains.Abstractions.Retention;

namespace OrleansRegistry.Grains.Retention;

/// <summary>The tags a page of a repository's walk retired, and where the next page starts (null after the last).</summary>
[GenerateSerializer, Immutable, Alias("RetentionPage")]
public sealed record RetentionPage([property: Id(0)] IReadOnlyList<RetiredTag> Retired, [property: Id(1)] RetentionCursor? Next)
{
    public static RetentionPage Done { get; } = new([], null);
}
