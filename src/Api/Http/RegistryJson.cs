using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRegistry.Api.Http;

public static class RegistryJson
{
    /// <summary>
    /// API responses are read by registry clients, not rendered as HTML, so media types keep their '+' rather
    /// than the escaped form; absent optional fields are left out as the spec's examples do.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
