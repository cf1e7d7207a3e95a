using System.Text.Json;

namespace OrleansRegistry.Storage.S3;

/// <summary>
/// Everything needed to continue an upload, stored by the upload session as the storage token: the multipart
/// upload, its accepted parts, and the accepted bytes too few for a part yet (the tail object).
/// </summary>
/// <remarks>
/// S3 parts must be 5 MiB except the last, while clients send chunks of any size. Bytes that do not fill a part
/// wait in a small tail object, which the next chunk prepends; at most one part's worth is ever re-read, never
/// the whole blob. A write never overwrites an object or part that the accepted token references, so a chunk
/// that is not accepted leaves the upload as it was.
/// </remarks>
internal sealed record S3UploadToken(string UploadId, string MultipartId, IReadOnlyList<S3Part> Parts, string? TailKey, long TailBytes)
{
    public long PartBytes => Parts.Sum(p => p.Size);

    public long TotalBytes => PartBytes + TailBytes;

    public string Serialize() => JsonSerializer.Serialize(this);

    public static S3UploadToken Parse(string token) =>
        JsonSerializer.Deserialize<S3UploadToken>(token) ?? throw new ArgumentException("empty S3 upload token", nameof(token));
}

internal sealed record S3Part(int Number, string ETag, long Size);
