using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.IO;

namespace OrleansRegistry.Application.Uploads;

/// <summary>
/// Hashes the bytes of a request body as storage reads them, so a chunk is read once, and refuses bytes past
/// the length its Content-Range announced.
/// </summary>
public sealed class HashingReadStream(Stream inner, ResumableSha256 hash, long? maxLength) : ReadOnlyStream
{
    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Account(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Account(buffer.Span[..read]);
        return read;
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        if (BytesRead > maxLength)
        {
            throw new RegistryException(RegistryErrorCode.RangeInvalid, $"the chunk is longer than its Content-Range ({maxLength} bytes)");
        }

        hash.Append(data);
    }
}
