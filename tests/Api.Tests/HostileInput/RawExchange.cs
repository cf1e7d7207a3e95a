using System.Net.Sockets;
using System.Text;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.HostileInput;

/// <summary>
/// A connection that writes whatever a hostile client would, then reads what the server answers until it closes
/// the connection, within a deadline: a server that hangs fails the test instead of hanging it.
/// </summary>
public sealed class RawExchange : IAsyncDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private NetworkStream? _stream;

    public static async Task<RawExchange> ConnectAsync(Uri server)
    {
        var exchange = new RawExchange();
        await exchange._tcp.ConnectAsync(server.Host, server.Port);
        exchange._stream = exchange._tcp.GetStream();
        return exchange;
    }

    public NetworkStream Stream => _stream!;

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        try
        {
            await Stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The server may close the connection before it has read everything: that is an answer too.
        }
    }

    /// <summary>Stops sending (the request body ends early) but keeps reading.</summary>
    public void EndSending() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Everything the server sends until it closes the connection; fails when that takes longer than <paramref name="deadline"/>.</summary>
    public async Task<string> ReadUntilClosedAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await Stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException(
                $"the server neither answered nor closed the connection within {deadline.TotalSeconds} s; so far: {Encoding.ASCII.GetString(received.ToArray())}");
        }
        catch (IOException)
        {
            // Reset by the server: a clean refusal.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>The one response the server sends before it closes the connection.</summary>
    public async Task<RawResponse> ReadResponseAsync(TimeSpan deadline, bool isHead = false)
    {
        var received = await ReadUntilClosedAsync(deadline);
        Assert.True(Statuses(received).Count == 1, $"expected one response, got: {received}");
        return RawResponse.Parse(Encoding.Latin1.GetBytes(received), isHead);
    }

    /// <summary>The status codes of every response in <paramref name="received"/>, in order.</summary>
    public static IReadOnlyList<int> Statuses(string received) =>
        received.Split("\r\n").Where(line => line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            .Select(line => int.Parse(line.AsSpan(9, 3))).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _tcp.Dispose();
    }
}
