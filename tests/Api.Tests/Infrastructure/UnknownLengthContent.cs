using System.Net;
using System.Net.Http.Headers;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// A body whose length is not known up front, so HttpClient sends it with <c>Transfer-Encoding: chunked</c> and no
/// Content-Length, as clients do when they compress a layer on the fly.
/// </summary>
public sealed class UnknownLengthContent : HttpContent
{
    private const int PieceSize = 4096;
    private readonly byte[] _content;

    public UnknownLengthContent(byte[] content, string? contentRange = null)
    {
        _content = content;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (contentRange is not null)
        {
            Headers.TryAddWithoutValidation("Content-Range", contentRange);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < _content.Length; offset += PieceSize)
        {
            await stream.WriteAsync(_content.AsMemory(offset, Math.Min(PieceSize, _content.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
