namespace OrleansRegistry.Grains.Abstractions.PullThrough;

/// <summary>How a fetch from an upstream failed.</summary>
/// <param name="Status">The upstream's HTTP status; null where it did not answer.</param>
/// <param name="RetryAfter">When it said to try again, if it did.</param>
/// <param name="NotFound">Whether the upstream has no such content (as opposed to being unavailable).</param>
[GenerateSerializer, Immutable, Alias("UpstreamFailure")]
public sealed record UpstreamFailure(
    [property: Id(0)] int? Status,
    [property: Id(1)] TimeSpan? RetryAfter,
    [property: Id(2)] bool NotFound,
    [property: Id(3)] string Message);
