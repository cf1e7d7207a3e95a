using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Uploads;

[GenerateSerializer, Alias("UploadSessionState")]
public sealed class UploadSessionState
{
    [Id(0)]
    public RepositoryName Repository { get; set; }

    [Id(1)]
    public string StorageToken { get; set; } = "";

    /// <summary>How many bytes were accepted: the offset the next chunk starts at.</summary>
    [Id(2)]
    public long Offset { get; set; }

    /// <summary>The SHA-256 state after the accepted bytes; empty before the first chunk.</summary>
    [Id(3)]
    public byte[] HashState { get; set; } = [];

    [Id(4)]
    public DateTimeOffset StartedAt { get; set; }

    [Id(5)]
    public DateTimeOffset LastActivity { get; set; }

    /// <summary>The lease of the last accepted chunk: a retried commit of it is answered, not counted twice.</summary>
    [Id(6)]
    public Guid LastCommittedLease { get; set; }

    /// <summary>The digest the upload verified as, once it is sealed: it takes no more chunks.</summary>
    [Id(7)]
    public Digest? Sealed { get; set; }
}
