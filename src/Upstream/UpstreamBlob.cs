namespace OrleansRegistry.Upstream;

/// <summary>A blob's body as it streams from the upstream; disposing it ends the upstream response.</summary>
public sealed class UpstreamBlob(HttpResponseMessage response, Stream content) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    /// <summary>The upstream's Content-Length, where it sent one.</summary>
    public long? Length => response.Content.Headers.ContentLength;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }
}
