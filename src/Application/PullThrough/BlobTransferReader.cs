using OrleansRegistry.Core.IO;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>A blob read from a <see cref="BlobTransfer"/> while it comes: it waits for bytes not yet there.</summary>
internal sealed class BlobTransferReader(BlobTransfer transfer) : ReadOnlyStream
{
    private long _position;
    private bool _done;

    public override long Length => transfer.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_position >= transfer.Length || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await transfer.ReadAsync(_position, buffer, cancellationToken);
        _position += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_done)
        {
            _done = true;
            transfer.ReaderDone();
        }

        base.Dispose(disposing);
    }
}
