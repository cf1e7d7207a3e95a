using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OrleansRegistry.Core.Naming;

/// <summary>
/// A repository name by the spec's grammar: path components of lowercase alphanumerics joined by separators.
/// </summary>
public static partial class RepositoryName
{
    /// <summary>Distribution's limit: the name and the registry host together stay under 256 characters.</summary>
    public const int MaxLength = 255;

    public static bool IsValid([NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxLength } && Grammar().IsMatch(name);

    // \z, not $: $ also matches before a trailing newline, which would let "name\n" through.
    [GeneratedRegex("^[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
