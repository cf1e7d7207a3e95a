using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OrleansRegistry.Core.Naming;

/// <summary>A tag by the spec's grammar: at most 128 characters, starting with a word character.</summary>
public static partial class Tag
{
    public static bool IsValid([NotNullWhen(true)] string? tag) => tag is not null && Grammar().IsMatch(tag);

    // \z, not $: $ also matches before a trailing newline, which would let "name\n" through.
    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
