using System.Text.RegularExpressions;

namespace OrleansRegistry.Core.Naming;

/// <summary>
/// A glob over tags, as retention policies protect them: <c>*</c> matches any run of characters, everything else
/// itself, case-sensitively as tags compare (so <c>v*</c> matches <c>v1.2</c> and <c>vnext</c>, <c>latest</c> only
/// <c>latest</c>).
/// </summary>
public sealed class TagPattern
{
    private readonly Regex _regex;

    private TagPattern(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    public bool Matches(Tag tag) => _regex.IsMatch(tag.Value);

    /// <summary>Whether some tag could match: characters of the tag grammar and <c>*</c>, at most 128 of them.</summary>
    public static bool IsValid(string? pattern) =>
        pattern is { Length: > 0 and <= 128 } && pattern.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '*');

    public static TagPattern Parse(string pattern)
    {
        if (!IsValid(pattern))
        {
            throw new ArgumentException($"'{pattern}' is no tag pattern", nameof(pattern));
        }

        var regex = "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "\\z";
        return new TagPattern(pattern, new Regex(regex, RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1)));
    }

    public override string ToString() => Pattern;
}
