using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansRegistry.Bench.Infrastructure;

/// <summary>
/// The network between a pull-through cache and its upstream: a small Kestrel proxy that forwards every request to
/// the upstream registry, counts what the cache fetched (blob GETs per digest, bytes), and, when given a rate,
/// shares that bandwidth among all its transfers as one Internet link does. Each cache gets a link of its own, so
/// the counts of the two registries never mix.
/// </summary>
public sealed class UpstreamLink : IAsyncDisposable
{
    private const int Slice = 64 * 1024;

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly double? _bytesPerSecond;
    private readonly ConcurrentDictionary<string, int> _blobGets = new();
    private readonly Lock _pace = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _linkFreeAt;
    private long _bytes;

    private UpstreamLink(WebApplication app, Uri upstream, int port, double? mebibytesPerSecond)
    {
        _app = app;
        Address = new Uri($"http://127.0.0.1:{port}/");
        _bytesPerSecond = mebibytesPerSecond * (1 << 20);
        _upstream = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = upstream,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri Address { get; }

    /// <summary>Bytes of every response body sent to the cache so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>How often each blob was fetched (GET answered 200 or 206), by digest.</summary>
    public IReadOnlyDictionary<string, int> BlobGets => _blobGets;

    /// <param name="mebibytesPerSecond">The link's bandwidth, shared by all transfers; null for as fast as loopback goes.</param>
    public static async Task<UpstreamLink> StartAsync(Uri upstream, double? mebibytesPerSecond)
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var link = new UpstreamLink(app, upstream, port, mebibytesPerSecond);
        app.Run(link.ForwardAsync);
        await app.StartAsync();
        return link;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        foreach (var (name, values) in request.Headers)
        {
            if (name is not ("Host" or "Content-Length" or "Transfer-Encoding" or "Connection"))
            {
                forwarded.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await _upstream.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Connection"))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        var path = request.Path.Value ?? "";
        var blob = path.IndexOf("/blobs/", StringComparison.Ordinal);
        if (HttpMethods.IsGet(request.Method) && blob >= 0 && answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent)
        {
            _blobGets.AddOrUpdate(path[(blob + "/blobs/".Length)..], 1, (_, n) => n + 1);
        }

        await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
        var buffer = new byte[Slice];
        int read;
        while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await PaceAsync(read, context.RequestAborted);
            await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            Interlocked.Add(ref _bytes, read);
        }
    }

    /// <summary>Waits until the shared link has carried <paramref name="bytes"/> more: transfers queue for it in turn.</summary>
    private async Task PaceAsync(int bytes, CancellationToken cancellationToken)
    {
        if (_bytesPerSecond is not { } rate)
        {
            return;
        }

        TimeSpan sent;
        lock (_pace)
        {
            var now = _clock.Elapsed;
            _linkFreeAt = (_linkFreeAt > now ? _linkFreeAt : now) + TimeSpan.FromSeconds(bytes / rate);
            sent = _linkFreeAt;
        }

        var wait = sent - _clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
