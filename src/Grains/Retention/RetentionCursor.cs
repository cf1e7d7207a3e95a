namespace OrleansRegistry.Grains.Retention;

/// <summary>Where a repository's walk of its tags goes on: the last tag weighed (by its key in the push order), and how many unprotected tags it kept so far.</summary>
[GenerateSerializer, Immutable, Alias("RetentionCursor")]
public sealed record RetentionCursor([property: Id(0)] string? After, [property: Id(1)] int Kept)
{
    public static RetentionCursor Start { get; } = new(null, 0);
}
