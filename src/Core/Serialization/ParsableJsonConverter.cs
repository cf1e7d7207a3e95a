using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRegistry.Core.Serialization;

/// <summary>
/// Writes a value type of the registry's grammar (a digest, a name, a tag) as the JSON string it is parsed from, as a
/// value and as a dictionary key, so stored state reads the same as when those values were plain strings.
/// </summary>
public sealed class ParsableJsonConverter<T> : JsonConverter<T> where T : IParsable<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString());

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString()!);

    private static T Parse(string? text) =>
        T.TryParse(text, null, out var value) ? value : throw new JsonException($"'{text}' is not a valid {typeof(T).Name}");
}
