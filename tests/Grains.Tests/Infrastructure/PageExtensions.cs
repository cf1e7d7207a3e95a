using System.Diagnostics.CodeAnalysis;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

internal static class PageExtensions
{
    /// <summary>The entries of a page as the listing endpoints write them; a missing page fails the test.</summary>
    public static IReadOnlyList<string> Values<T>([NotNull] this Page<T>? page) where T : notnull
    {
        Assert.NotNull(page);
        return page.Items.Select(item => item.ToString()!).ToList();
    }
}
