using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Serialization;

namespace OrleansRegistry.Core.Naming;

/// <summary>
/// A repository name by the spec's grammar: path components of lowercase alphanumerics joined by separators. Only
/// <see cref="Parse"/> and <see cref="TryParse"/> make one, so a value of this type is always valid.
/// </summary>
[JsonConverter(typeof(ParsableJsonConverter<RepositoryName>))]
public readonly partial record struct RepositoryName : IParsable<RepositoryName>
{
    /// <summary>Distribution's limit: the name and the registry host together stay under 256 characters.</summary>
    public const int MaxLength = 255;

    private readonly string? _value;

    private RepositoryName(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException("an uninitialized repository name");

    public static bool IsValid([NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxLength } && Grammar().IsMatch(name);

    public static bool TryParse([NotNullWhen(true)] string? name, out RepositoryName repository)
    {
        repository = IsValid(name) ? new RepositoryName(name) : default;
        return name is not null && repository._value is not null;
    }

    /// <summary>The name, or <c>NAME_INVALID</c> as the spec answers a malformed one.</summary>
    public static RepositoryName Parse(string name) =>
        TryParse(name, out var repository)
            ? repository
            : throw new RegistryException(RegistryErrorCode.NameInvalid, $"invalid repository name '{ClientText.Printable(name)}'");

    public override string ToString() => Value;

    static RepositoryName IParsable<RepositoryName>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<RepositoryName>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out RepositoryName result) => TryParse(s, out result);

    // \z, not $: $ also matches before a trailing newline, which would let "name\n" through.
    [GeneratedRegex("^[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
