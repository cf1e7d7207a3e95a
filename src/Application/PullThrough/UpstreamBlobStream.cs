using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OrleansRegistry.Core.IO;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// A blob's body from the upstream as storage reads it: hashed on the way, ended if the upstream stalls for longer
/// than its timeout, and copied to the client that asked for it. The client gets every byte but the last until
/// the blob has verified and is stored (<see cref="ReleaseLastByteAsync"/>), so a client never receives the whole of a
/// blob whose digest failed. A client that goes away stops getting bytes; the fetch goes on for the others. The
/// bytes also go to the <paramref name="transfer"/> that other requests of this process read as it comes.
/// </summary>
internal sealed class UpstreamBlobStream(
    Stream upstream, IncrementalHash hash, long? length, Stream? client, BlobTransfer? transfer, TimeSpan idleTimeout, ILogger logger) : ReadOnlyStream
{
    private readonly CancellationTokenSource _idle = new();
    private Stream? _client = client;
    private byte? _lastByte;

    public long BytesRead { get; private set; }

    /// <summary>Whether a client was given the bytes and is still there to get the rest.</summary>
    public bool ClientServed => _client is not null;

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token);
        _idle.CancelAfter(idleTimeout);
        int read;
        try
        {
            read = await upstream.ReadAsync(buffer, reading.Token);
        }
        catch (OperationCanceledException e) when (_idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"the upstream sent nothing for {idleTimeout}", e);
        }

        var data = buffer[..read];
        BytesRead += read;
        if (BytesRead > length)
        {
            throw new IOException($"the upstream sent more than the {length} bytes it announced");
        }

        hash.AppendData(data.Span);
        if (transfer is not null)
        {
            await transfer.AppendAsync(data, cancellationToken);
        }

        // The read that brings the last byte holds it back; the end-of-stream read after it brings nothing.
        var last = BytesRead == length && read > 0;
        await ForwardAsync(last ? data[..^1] : data, cancellationToken);
        if (last)
        {
            _lastByte = data.Span[^1];
        }

        return read;
    }

    /// <summary>Hands the client the last byte of a blob that verified and is stored.</summary>
    public async Task ReleaseLastByteAsync(CancellationToken cancellationToken)
    {
        if (_lastByte is { } last)
        {
            await ForwardAsync(new[] { last }, cancellationToken);
        }

        if (_client is not null)
        {
            await _client.FlushAsync(cancellationToken);
        }
    }

    private async Task ForwardAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_client is null || data.IsEmpty)
        {
            return;
        }

        try
        {
            await _client.WriteAsync(data, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            logger.LogDebug(e, "The client of a blob being fetched went away; the fetch goes on");
            _client = null;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _idle.Dispose();
        }

        base.Dispose(disposing);
    }
}
