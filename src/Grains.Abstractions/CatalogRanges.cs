using System.Runtime.CompilerServices;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>The part of the catalog under a name prefix (a namespace, a policy's pattern), read page by page.</summary>
public static class CatalogRanges
{
    private const int PageSize = 500;

    /// <summary>
    /// The repositories whose names start with <paramref name="prefix"/> (every one for ""), reading only that part
    /// of the catalog: the catalog lists in the spec's case-insensitive order, where those names sort together, after
    /// the prefix less its last character.
    /// </summary>
    public static async IAsyncEnumerable<RepositoryName> ListStartingWithAsync(
        this ICatalogGrain catalog, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = prefix.Length > 0 ? prefix[..^1] : null;
        var upperPrefix = prefix.ToUpperInvariant();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await catalog.ListAsync(after, PageSize);
            foreach (var name in page.Items)
            {
                if (name.Value.StartsWith(prefix, StringComparison.Ordinal))
                {
                    yield return name;
                }
                else if (string.CompareOrdinal(name.Value.ToUpperInvariant(), upperPrefix) > 0)
                {
                    yield break;
                }
            }

            if (!page.HasMore || page.Items.Count == 0)
            {
                yield break;
            }

            after = page.Items[^1].Value;
        }
    }
}
