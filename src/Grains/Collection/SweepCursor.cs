namespace OrleansRegistry.Grains.Collection;

/// <summary>Where a repository's sweep goes on: a kind of candidate (by its place in the sweep's order), and the last key weighed.</summary>
[GenerateSerializer, Immutable, Alias("SweepCursor")]
public sealed record SweepCursor([property: Id(0)] int Phase, [property: Id(1)] string? After)
{
    public static SweepCursor Start { get; } = new(0, null);
}
