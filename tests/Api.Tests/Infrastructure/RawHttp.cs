using System.Net.Sockets;
using System.Text;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// Requests written byte for byte on a socket, for what HttpClient will not send: dot segments it would remove
/// from a path, and one header repeated on separate lines (HttpClient joins the values into one line).
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, string method, string rawTarget, params (string Name, string Value)[] headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();

        var request = new StringBuilder();
        request.Append($"{method} {rawTarget} HTTP/1.1\r\n");
        request.Append($"Host: {server.Host}:{server.Port}\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append($"{name}: {value}\r\n");
        }

        request.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));

        using var received = new MemoryStream();
        await stream.CopyToAsync(received);
        return RawResponse.Parse(received.ToArray(), isHead: method == "HEAD");
    }
}
