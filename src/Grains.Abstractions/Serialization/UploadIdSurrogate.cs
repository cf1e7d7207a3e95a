using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions.Serialization;

/// <summary>How a <see cref="UploadId"/> crosses a grain call: as the text it was parsed from, parsed again on arrival.</summary>
[GenerateSerializer, Immutable, Alias("UploadId")]
public readonly record struct UploadIdSurrogate([property: Id(0)] string Value);

[RegisterConverter]
public sealed class UploadIdConverter : IConverter<UploadId, UploadIdSurrogate>
{
    public UploadId ConvertFromSurrogate(in UploadIdSurrogate surrogate) => UploadId.Parse(surrogate.Value);

    public UploadIdSurrogate ConvertToSurrogate(in UploadId value) => new(value.ToString());
}
