using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.PullThrough;

/// <summary>What the proxy does with the requests it gets.</summary>
internal enum ProxyMode
{
    /// <summary>Passes every request to the upstream and its answer back.</summary>
    Forward,

    /// <summary>Cuts every connection without an answer, as an upstream that is down does.</summary>
    Down,

    /// <summary>Answers <c>429 TOOMANYREQUESTS</c> with <c>Retry-After</c>, as Docker Hub does past its pull limit.</summary>
    RateLimited,

    /// <summary>Forwards, but cuts a blob's body halfway, as an upstream killed mid-transfer does.</summary>
    CutBlobs,

    /// <summary>Forwards, but holds a blob's body halfway until <see cref="UpstreamProxy.ResumeStalledBlobs"/>, as a slow upstream does.</summary>
    StallBlobs,
}

/// <summary>
/// A small HTTP proxy (Kestrel) in front of a real upstream registry: the cache under test is configured with the
/// proxy's address, so the test counts what the cache asks upstream, and makes the upstream fail in the ways real
/// ones do, without touching the registry behind it.
/// </summary>
internal sealed class UpstreamProxy : IAsyncDisposable
{
    public const int RetryAfterSeconds = 7;

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private UpstreamProxy(WebApplication app, Uri upstream, int port)
    {
        _app = app;
        Port = port;
        _upstream = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = upstream,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public int Port { get; }

    public string HostPort => $"127.0.0.1:{Port}";

    public Uri BaseUrl => new($"http://{HostPort}/");

    public ProxyMode Mode { get; set; } = ProxyMode.Forward;

    /// <summary>In <see cref="ProxyMode.StallBlobs"/>: done once the first half of a blob has been sent and the proxy holds the rest.</summary>
    public Task BlobHalfSent => _halfSent.Task;

    public void ResumeStalledBlobs() => _resume.TrySetResult();

    /// <summary>Every request, in order of arrival.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToList();

    /// <summary>The requests of <paramref name="method"/> for a path ending in <paramref name="pathSuffix"/> that the upstream answered 2xx.</summary>
    public int Served(string method, string pathSuffix) =>
        _requests.Count(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal) && r.Status is >= 200 and < 300);

    /// <param name="port">Its port, where the upstream must know it before it starts (a token realm); a free one otherwise.</param>
    public static async Task<UpstreamProxy> StartAsync(Uri upstream, int? port = null)
    {
        port ??= LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new UpstreamProxy(app, upstream, port.Value);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var seen = new ProxiedRequest(request.Method, request.Path.Value ?? "", request.Headers.Authorization.ToString());
        _requests.Enqueue(seen);
        switch (Mode)
        {
            case ProxyMode.Down:
                context.Abort();
                return;
            case ProxyMode.RateLimited:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"errors":[{"code":"TOOMANYREQUESTS","message":"pull rate limit"}]}""");
                return;
        }

        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        foreach (var (name, values) in request.Headers)
        {
            if (name is "Host" or "Content-Length" or "Transfer-Encoding" or "Connection")
            {
                continue;
            }

            forwarded.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        using var answer = await _upstream.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        seen.Status = response.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Connection"))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
        var cut = Mode is ProxyMode.CutBlobs or ProxyMode.StallBlobs && request.Path.Value!.Contains("/blobs/", StringComparison.Ordinal) && HttpMethods.IsGet(request.Method)
            ? answer.Content.Headers.ContentLength / 2
            : null;
        if (cut is not { } half)
        {
            await body.CopyToAsync(response.Body, context.RequestAborted);
            return;
        }

        var buffer = new byte[half];
        await body.ReadExactlyAsync(buffer, context.RequestAborted);
        await response.Body.WriteAsync(buffer, context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
        if (Mode == ProxyMode.CutBlobs)
        {
            context.Abort();
            return;
        }

        _halfSent.TrySetResult();
        await _resume.Task.WaitAsync(context.RequestAborted);
        await body.CopyToAsync(response.Body, context.RequestAborted);
    }
}

