using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions.Serialization;

/// <summary>How a <see cref="Tag"/> crosses a grain call: as the text it was parsed from, parsed again on arrival.</summary>
[GenerateSerializer, Immutable, Alias("Tag")]
public readonly record struct TagSurrogate([property: Id(0)] string Value);

[RegisterConverter]
public sealed class TagConverter : IConverter<Tag, TagSurrogate>
{
    public Tag ConvertFromSurrogate(in TagSurrogate surrogate) => Tag.Parse(surrogate.Value);

    public TagSurrogate ConvertToSurrogate(in Tag value) => new(value.Value);
}
