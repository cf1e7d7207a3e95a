using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.S3.Tests;

/// <summary>
/// An S3 endpoint that cannot be reached is reported as <see cref="StorageUnavailableException"/>, the transient
/// failure the HTTP layer answers with 503; failures of the client's own body are left as they are.
/// </summary>
public sealed class UnreachableS3Tests : IDisposable
{
    private readonly S3BlobStore _store = new(new S3StorageOptions
    {
        // A port just freed: nothing listens on it.
        ServiceUrl = $"http://127.0.0.1:{S3ServerFixture.FreePort()}",
        Bucket = "unreachable",
        AccessKey = "unused",
        SecretKey = "unused",
    });

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Every_storage_call_reports_the_store_unavailable()
    {
        var digest = Digest.ComputeSha256([1, 2, 3]);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => _store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _store.GetBlobSizeAsync(digest, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _store.OpenBlobAsync(digest, 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _store.PutBlobAsync(digest, new byte[] { 1, 2, 3 }, CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_request_body_is_not_mistaken_for_unavailable_storage()
    {
        var token = new S3UploadToken(Guid.NewGuid().ToString(), "multipart", [], null, 0).Serialize();

        await Assert.ThrowsAsync<IOException>(() => _store.WriteUploadAsync(token, 0, new FailingStream(), CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_call_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.GetBlobSizeAsync(Digest.ComputeSha256([1]), cancelled.Token));
    }

    /// <summary>A request body whose client went away: reading it fails.</summary>
    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("the client went away");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
