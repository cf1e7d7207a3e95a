using System.Diagnostics.CodeAnalysis;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Core.Naming;

/// <summary>The id of a blob upload: a GUID this registry made, in its 36-character form in every URL.</summary>
public readonly record struct UploadId(Guid Value)
{
    public static UploadId New() => new(Guid.NewGuid());

    public static bool TryParse([NotNullWhen(true)] string? text, out UploadId id)
    {
        id = text is { Length: 36 } && Guid.TryParseExact(text, "D", out var guid) ? new UploadId(guid) : default;
        return id.Value != Guid.Empty;
    }

    /// <summary>The id, or <c>BLOB_UPLOAD_UNKNOWN</c>: anything else names no upload of this registry.</summary>
    public static UploadId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new RegistryException(RegistryErrorCode.BlobUploadUnknown, $"no upload '{ClientText.Printable(text)}'");

    public override string ToString() => Value.ToString("D");
}
