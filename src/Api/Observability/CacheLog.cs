using OrleansRegistry.Application.PullThrough;

namespace OrleansRegistry.Api.Observability;

/// <summary>How a pull of a cached repository was served, kept with the request for the access log.</summary>
public static class CacheLog
{
    private static readonly object Key = new();

    public static void Record(HttpContext context, CacheOutcome? outcome)
    {
        if (outcome is { } served)
        {
            context.Items[Key] = served.ToString().ToLowerInvariant();
        }
    }

    /// <summary><c>hit</c>, <c>miss</c>, <c>joined</c>, <c>revalidated</c> or <c>stale</c>; null for a request of no cached repository.</summary>
    public static string? Of(HttpContext context) => context.Items.TryGetValue(Key, out var value) ? value as string : null;
}
