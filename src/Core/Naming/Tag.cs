using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Serialization;

namespace OrleansRegistry.Core.Naming;

/// <summary>
/// A tag by the spec's grammar: at most 128 characters, starting with a word character. Only <see cref="Parse"/>
/// and <see cref="TryParse"/> make one, so a value of this type is always valid.
/// </summary>
[JsonConverter(typeof(ParsableJsonConverter<Tag>))]
public readonly partial record struct Tag : IParsable<Tag>
{
    private readonly string? _value;

    private Tag(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException("an uninitialized tag");

    public static bool IsValid([NotNullWhen(true)] string? tag) => tag is not null && Grammar().IsMatch(tag);

    public static bool TryParse([NotNullWhen(true)] string? tag, out Tag result)
    {
        result = IsValid(tag) ? new Tag(tag) : default;
        return result._value is not null;
    }

    /// <summary>The tag, or <c>TAG_INVALID</c> as the spec answers a malformed one.</summary>
    public static Tag Parse(string tag) =>
        TryParse(tag, out var result)
            ? result
            : throw new RegistryException(RegistryErrorCode.TagInvalid, $"invalid tag '{ClientText.Printable(tag)}'");

    public override string ToString() => Value;

    static Tag IParsable<Tag>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Tag>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Tag result) => TryParse(s, out result);

    // \z, not $: $ also matches before a trailing newline, which would let "name\n" through.
    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
