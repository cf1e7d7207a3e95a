namespace OrleansRegistry.Api.Manifests;

/// <summary>
/// The manifest types a client accepts, read from every <c>Accept</c> header line (clients send one per type).
/// </summary>
public sealed class AcceptedMediaTypes
{
    private readonly HashSet<string> _types = new(StringComparer.OrdinalIgnoreCase);
    private bool _any;

    public static AcceptedMediaTypes From(IEnumerable<string?> headerValues)
    {
        var accepted = new AcceptedMediaTypes();
        foreach (var value in headerValues)
        {
            foreach (var item in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var type = item.Split(';', 2)[0].Trim();
                if (type is "*/*" or "application/*")
                {
                    accepted._any = true;
                }
                else if (type.Length > 0)
                {
                    accepted._types.Add(type);
                }
            }
        }

        // A client that names no type takes whatever the manifest is.
        accepted._any |= accepted._types.Count == 0;
        return accepted;
    }

    public bool Accepts(string mediaType) => _any || _types.Contains(mediaType);
}
