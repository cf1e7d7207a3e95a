using System.Text;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>A response as read off the socket: status, header lines in order, and the de-chunked body.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public static RawResponse Parse(byte[] raw, bool isHead)
    {
        var headEnd = IndexOf(raw, "\r\n\r\n"u8, 0);
        if (headEnd < 0)
        {
            throw new InvalidDataException($"incomplete HTTP response ({raw.Length} bytes)");
        }

        var lines = Encoding.ASCII.GetString(raw, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => KeyValuePair.Create(parts[0].Trim(), parts[1].Trim()))
            .ToList();
        var body = raw.AsSpan(headEnd + 4).ToArray();
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked"));
        return new RawResponse(status, headers, isHead ? [] : chunked ? Dechunk(body) : body);
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var content = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = IndexOf(body, "\r\n"u8, position);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(body, position, lineEnd - position).Split(';')[0], 16);
            if (size == 0)
            {
                return content.ToArray();
            }

            content.Write(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle, int start)
    {
        var found = haystack.AsSpan(start).IndexOf(needle);
        return found < 0 ? -1 : start + found;
    }
}
