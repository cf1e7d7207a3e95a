using Microsoft.Win32.SafeHandles;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// A blob on its way from the upstream into storage, as the requests of this process that want it while it comes
/// can read it: its bytes so far in a spool file, every byte but the last readable at once, the last one only once
/// the blob has verified and is stored. A transfer that fails ends its readers with an <see cref="IOException"/>.
/// </summary>
/// <remarks>
/// Storage cannot serve this: an object store shows an upload only once it is complete (S3 parts are invisible
/// until then). The spool is unlinked as soon as it is made, so that a crash leaves nothing behind; the writer and
/// every reader share its one handle, closed when the transfer has ended and its last reader is done.
/// </remarks>
public sealed class BlobTransfer : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SafeFileHandle _spool;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _written;
    private bool _verified;
    private string? _failure;
    private bool _ended;
    private int _readers;

    internal BlobTransfer(string directory, long length)
    {
        Length = length;
        var path = Path.Combine(directory, $"orleans-registry-transfer-{Guid.NewGuid():N}");
        _spool = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        File.Delete(path);
    }

    public long Length { get; }

    /// <summary>Appends the next bytes; a spool that cannot be written (disk full) fails the readers, never the fetch.</summary>
    internal async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_failure is not null || bytes.IsEmpty)
        {
            return;
        }

        try
        {
            await RandomAccess.WriteAsync(_spool, bytes, _written, cancellationToken);
        }
        catch (IOException e)
        {
            Fail($"the transfer could not be spooled: {e.Message}");
            return;
        }

        lock (_lock)
        {
            _written += bytes.Length;
            Signal();
        }
    }

    /// <summary>The blob verified and is stored: readers get the last byte.</summary>
    internal void Verified()
    {
        lock (_lock)
        {
            _verified = true;
            Signal();
        }
    }

    internal void Fail(string reason)
    {
        lock (_lock)
        {
            _failure ??= reason;
            Signal();
        }
    }

    /// <summary>A reader from the first byte, or null once the transfer has ended or failed (the caller then reads storage).</summary>
    internal Stream? OpenReader()
    {
        lock (_lock)
        {
            if (_ended || _failure is not null)
            {
                return null;
            }

            _readers++;
            return new BlobTransferReader(this);
        }
    }

    /// <summary>
    /// Reads what a reader at <paramref name="position"/> may have: waits while there is nothing new, and throws
    /// once the transfer has failed.
    /// </summary>
    internal async ValueTask<int> ReadAsync(long position, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                if (_failure is not null)
                {
                    throw new IOException($"the upstream transfer failed: {_failure}");
                }

                var readable = _verified ? _written : Math.Min(_written, Length - 1);
                if (readable > position)
                {
                    var wanted = (int)Math.Min(buffer.Length, readable - position);
                    buffer = buffer[..wanted];
                    break;
                }

                if (_verified)
                {
                    return 0;
                }

                progress = _progress.Task;
            }

            await progress.WaitAsync(cancellationToken);
        }

        return await RandomAccess.ReadAsync(_spool, buffer, position, cancellationToken);
    }

    internal void ReaderDone()
    {
        lock (_lock)
        {
            _readers--;
            CloseIfUnused();
        }
    }

    /// <summary>The fetch has ended: readers of a blob that did not verify fail, the others read on.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            if (!_verified)
            {
                _failure ??= "the transfer ended before the blob verified";
            }

            Signal();
            CloseIfUnused();
        }
    }

    private void CloseIfUnused()
    {
        if (_ended && _readers == 0)
        {
            _spool.Dispose();
        }
    }

    private void Signal()
    {
        var progress = _progress;
        _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        progress.TrySetResult();
    }
}
