using System.Net;
using System.Net.Http.Headers;

namespace OrleansRegistry.Bench.Content;

/// <summary>
/// A request body of <paramref name="length"/> bytes of <paramref name="content"/> from <paramref name="offset"/>,
/// produced as it is sent, in 1 MiB writes, with a Content-Length, as docker and skopeo send a layer.
/// </summary>
public sealed class StreamedContent : HttpContent
{
    private const int WriteSize = 1 << 20;

    private readonly BlobContent _content;
    private readonly long _offset;
    private readonly long _length;

    public StreamedContent(BlobContent content, long offset, long length)
    {
        _content = content;
        _offset = offset;
        _length = length;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Headers.ContentLength = length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(WriteSize, Math.Max(1, _length))];
        for (long sent = 0; sent < _length;)
        {
            var count = (int)Math.Min(buffer.Length, _length - sent);
            _content.Fill(_offset + sent, buffer.AsSpan(0, count));
            await stream.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
            sent += count;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
