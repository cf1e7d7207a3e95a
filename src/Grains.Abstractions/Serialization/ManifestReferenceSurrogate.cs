using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions.Serialization;

/// <summary>How a <see cref="ManifestReference"/> crosses a grain call: as the text it was parsed from, parsed again on arrival.</summary>
[GenerateSerializer, Immutable, Alias("ManifestReference")]
public readonly record struct ManifestReferenceSurrogate([property: Id(0)] string Value);

[RegisterConverter]
public sealed class ManifestReferenceConverter : IConverter<ManifestReference, ManifestReferenceSurrogate>
{
    public ManifestReference ConvertFromSurrogate(in ManifestReferenceSurrogate surrogate) => ManifestReference.Parse(surrogate.Value);

    public ManifestReferenceSurrogate ConvertToSurrogate(in ManifestReference value) => new(value.ToString());
}
