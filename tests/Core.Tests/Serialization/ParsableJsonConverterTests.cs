using System.Text.Json;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Core.Tests.Serialization;

/// <summary>
/// Digests, names and tags are stored as the strings they were parsed from, as values and as dictionary keys, so
/// that state written when they were plain strings reads the same.
/// </summary>
public sealed class ParsableJsonConverterTests
{
    private const string Sha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void A_digest_name_and_tag_are_written_as_their_strings()
    {
        var json = JsonSerializer.Serialize(new Stored(Digest.Parse(Sha256), RepositoryName.Parse("team/app"), Tag.Parse("v1"), null));

        Assert.Equal($$"""{"Digest":"{{Sha256}}","Repository":"team/app","Tag":"v1","Subject":null}""", json);
    }

    [Fact]
    public void State_written_with_plain_strings_reads_as_typed_values()
    {
        var stored = JsonSerializer.Deserialize<Stored>($$"""{"Digest":"{{Sha256}}","Repository":"team/app","Tag":"v1","Subject":"{{Sha256}}"}""")!;

        Assert.Equal(Digest.Parse(Sha256), stored.Digest);
        Assert.Equal(RepositoryName.Parse("team/app"), stored.Repository);
        Assert.Equal(Tag.Parse("v1"), stored.Tag);
        Assert.Equal(Digest.Parse(Sha256), stored.Subject);
    }

    [Fact]
    public void Typed_dictionary_keys_round_trip_as_strings()
    {
        var sizes = new Dictionary<Digest, long> { [Digest.Parse(Sha256)] = 7 };

        var json = JsonSerializer.Serialize(sizes);

        Assert.Equal($$"""{"{{Sha256}}":7}""", json);
        Assert.Equal(sizes, JsonSerializer.Deserialize<Dictionary<Digest, long>>(json));
    }

    [Theory]
    [InlineData("""{"Digest":"sha256:nothex","Repository":"team/app","Tag":"v1","Subject":null}""")]
    [InlineData("""{"Digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","Repository":"Team/App","Tag":"v1","Subject":null}""")]
    [InlineData("""{"Digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","Repository":"team/app","Tag":".v1","Subject":null}""")]
    public void A_stored_value_outside_its_grammar_is_refused(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Stored>(json));

    private sealed record Stored(Digest Digest, RepositoryName Repository, Tag Tag, Digest? Subject);
}
