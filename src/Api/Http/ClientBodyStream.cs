using OrleansRegistry.Core.IO;

namespace OrleansRegistry.Api.Http;

/// <summary>
/// The request body as the registry reads it. A body that cannot be read (chunk framing Kestrel cannot parse, such
/// as a chunk size that overflows, or a connection the client broke) is the client's fault, whichever layer reads
/// it and whatever a storage driver wraps the failure in; so it surfaces as Kestrel's own verdict on a bad request,
/// <see cref="BadHttpRequestException"/>, which <see cref="ErrorHandlingMiddleware"/> answers as a 400 and never
/// mistakes for an I/O failure of the registry's own (a full disk is an <see cref="IOException"/> too).
/// </summary>
internal sealed class ClientBodyStream(Stream inner) : ReadOnlyStream
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw Unreadable(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            throw Unreadable(e);
        }
    }

    private static BadHttpRequestException Unreadable(IOException e) =>
        new($"the request body could not be read: {e.Message}", StatusCodes.Status400BadRequest, e);
}
