using System.Text;
using System.Text.RegularExpressions;

namespace OrleansRegistry.Core.Naming;

/// <summary>
/// A glob over repository names: <c>*</c> matches within one path component, <c>**</c> any run of components
/// (so <c>team/*</c> matches <c>team/app</c> but not <c>team/app/x</c>, and <c>**</c> matches everything).
/// </summary>
public sealed class RepositoryPattern
{
    private readonly Regex _regex;

    private RepositoryPattern(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <summary>What every name the pattern matches starts with: the pattern up to its first <c>*</c>.</summary>
    public string LiteralPrefix => Pattern.IndexOf('*') is var star and >= 0 ? Pattern[..star] : Pattern;

    public bool Matches(string repository) => _regex.IsMatch(repository);

    public static bool IsValid(string pattern) =>
        pattern.Length is > 0 and <= 255 && pattern.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' or '/' or '*');

    public static RepositoryPattern Parse(string pattern)
    {
        if (!IsValid(pattern))
        {
            throw new ArgumentException($"'{pattern}' is no repository pattern", nameof(pattern));
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '*')
            {
                regex.Append(Regex.Escape(pattern[i].ToString()));
            }
            else if (i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else
            {
                regex.Append("[^/]*");
            }
        }

        regex.Append("\\z");
        return new RepositoryPattern(pattern, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1)));
    }

    public override string ToString() => Pattern;
}
