namespace OrleansRegistry.Core.Errors;

public static class ClientText
{
    /// <summary>Echoes client input in an error without control characters and without unbounded length.</summary>
    public static string Printable(string value)
    {
        var clipped = value.Length > 256 ? value[..256] + "..." : value;
        return string.Create(clipped.Length, clipped, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
