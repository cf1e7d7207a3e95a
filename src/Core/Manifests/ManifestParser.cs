using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Core.Manifests;

/// <summary>
/// Parses and validates a manifest body as received. The digest is of the exact bytes; nothing is re-serialized.
/// </summary>
public static partial class ManifestParser
{
    /// <summary>Deeper JSON than this is no manifest; the bound also keeps hostile nesting cheap to reject.</summary>
    private const int MaxDepth = 32;

    /// <param name="content">The body bytes exactly as received.</param>
    /// <param name="contentType">The request's <c>Content-Type</c>, if any.</param>
    /// <param name="digestAlgorithm">The algorithm to digest the bytes with (that of a digest reference, else sha256).</param>
    public static ParsedManifest Parse(ReadOnlyMemory<byte> content, string? contentType, string digestAlgorithm = Digest.Sha256)
    {
        // JsonDocument decodes strings lazily and would fail on invalid UTF-8 only when a string is read, with an
        // exception that is no refusal.
        if (!Utf8.IsValid(content.Span))
        {
            throw Invalid("manifest is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw Invalid($"manifest is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("manifest must be a JSON object");
            }

            var schemaVersion = root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number
                && version.TryGetInt32(out var v) ? v : (int?)null;
            if (schemaVersion == 1)
            {
                throw Invalid("schema 1 manifests are not supported; push schema 2 or OCI manifests");
            }

            if (schemaVersion != 2)
            {
                throw Invalid("schemaVersion must be 2");
            }

            var mediaType = ResolveMediaType(root, contentType);
            var digest = Digest.Compute(digestAlgorithm, content.Span);
            var annotations = ReadAnnotations(root, "annotations");
            var subject = root.TryGetProperty("subject", out var s) && s.ValueKind != JsonValueKind.Null ? ReadDescriptor(s, "subject") : null;
            var artifactType = ReadOptionalString(root, "artifactType");
            if (artifactType is not null && !IsMediaType(artifactType))
            {
                throw Invalid($"artifactType '{artifactType}' is not a media type");
            }

            if (MediaTypes.IsIndex(mediaType))
            {
                var children = ReadDescriptorArray(root, "manifests", required: true);
                return new ParsedManifest(mediaType, digest, content.Length, null, [], children, subject, artifactType, annotations);
            }

            if (!root.TryGetProperty("config", out var configElement))
            {
                throw Invalid("an image manifest must have a config descriptor");
            }

            var config = ReadDescriptor(configElement, "config");
            var layers = ReadDescriptorArray(root, "layers", required: mediaType == MediaTypes.DockerManifest);
            // OCI 1.1: the artifact type of a manifest without artifactType is its config's media type.
            var effectiveArtifactType = artifactType ?? config.MediaType;
            return new ParsedManifest(mediaType, digest, content.Length, config, layers, [], subject, effectiveArtifactType, annotations);
        }
    }

    private static string ResolveMediaType(JsonElement root, string? contentType)
    {
        var declared = ReadOptionalString(root, "mediaType");
        var header = NormalizeContentType(contentType);
        if (declared is not null && header is not null && declared != header)
        {
            throw Invalid($"mediaType '{declared}' does not match Content-Type '{header}'");
        }

        var mediaType = declared ?? header ?? Guess(root);
        if (mediaType is MediaTypes.DockerSchema1 or MediaTypes.DockerSchema1Signed)
        {
            throw Invalid("schema 1 manifests are not supported; push schema 2 or OCI manifests");
        }

        if (!MediaTypes.IsSupportedManifest(mediaType))
        {
            throw Invalid($"unsupported manifest media type '{mediaType}'");
        }

        // A manifest's shape must agree with its type, and no body may have the fields of both kinds: a client that
        // goes by the fields would read other content than one that goes by the type (CVE-2021-41190). Distribution
        // refuses the same.
        var hasManifests = root.TryGetProperty("manifests", out _);
        var hasImageFields = root.TryGetProperty("config", out _) || root.TryGetProperty("layers", out _);
        if (MediaTypes.IsIndex(mediaType) ? hasImageFields : hasManifests)
        {
            throw Invalid($"manifest body does not have the shape of '{mediaType}'");
        }

        return mediaType;
    }

    /// <summary>
    /// The manifest media type the Content-Type declares, if it names one. Any other Content-Type, generic
    /// (<c>application/json</c>, <c>text/plain</c>) or not (<c>application/vnd.evil.v1+json</c>), declares nothing
    /// about the manifest and counts as absent: the body's <c>mediaType</c>, else its shape, decides. The spec puts
    /// the Content-Type on the client (it MUST equal a <c>mediaType</c> the body has); what is served back is always
    /// the type the body was resolved to, so a type the body never claimed is never echoed to another client.
    /// </summary>
    private static string? NormalizeContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';');
        var type = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
        return MediaTypes.IsManifest(type) ? type : null;
    }

    private static string Guess(JsonElement root) =>
        root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex
        : root.TryGetProperty("config", out _) ? MediaTypes.OciManifest
        : throw Invalid("manifest has no mediaType and no recognizable shape");

    private static List<Descriptor> ReadDescriptorArray(JsonElement root, string property, bool required)
    {
        if (!root.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Invalid($"'{property}' is required") : [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"'{property}' must be an array");
        }

        var result = new List<Descriptor>(array.GetArrayLength());
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            result.Add(ReadDescriptor(element, $"{property}[{index++}]"));
        }

        return result;
    }

    private static Descriptor ReadDescriptor(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{path} must be a descriptor object");
        }

        var mediaType = ReadOptionalString(element, "mediaType");
        if (mediaType is null || !IsMediaType(mediaType))
        {
            throw Invalid($"{path}.mediaType is missing or not a media type");
        }

        var digestText = ReadOptionalString(element, "digest");
        if (!Digest.TryParse(digestText, out var digest))
        {
            throw Invalid($"{path}.digest is missing or invalid");
        }

        if (!element.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number
            || !sizeElement.TryGetInt64(out var size) || size < 0)
        {
            throw Invalid($"{path}.size is missing or not a non-negative integer");
        }

        var hasUrls = element.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array && urls.GetArrayLength() > 0;
        return new Descriptor(
            mediaType,
            digest,
            size,
            ReadOptionalString(element, "artifactType"),
            ReadAnnotations(element, $"{path}.annotations"),
            ReadPlatform(element),
            hasUrls);
    }

    private static Platform? ReadPlatform(JsonElement descriptor)
    {
        if (!descriptor.TryGetProperty("platform", out var platform) || platform.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var os = ReadOptionalString(platform, "os");
        var architecture = ReadOptionalString(platform, "architecture");
        return os is null || architecture is null ? null : new Platform(os, architecture, ReadOptionalString(platform, "variant"));
    }

    /// <param name="path">Where the annotations stand, for error messages.</param>
    private static Dictionary<string, string>? ReadAnnotations(JsonElement element, string path)
    {
        if (!element.TryGetProperty("annotations", out var annotations) || annotations.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (annotations.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{path} must be an object of strings");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in annotations.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw Invalid($"{path}.{property.Name} must be a string");
        }

        return result;
    }

    private static string? ReadOptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) switch
        {
            false => null,
            true when value.ValueKind == JsonValueKind.Null => null,
            true when value.ValueKind == JsonValueKind.String => value.GetString(),
            _ => throw Invalid($"'{property}' must be a string"),
        };

    private static bool IsMediaType(string value) => value.Length <= 255 && MediaTypeGrammar().IsMatch(value);

    private static RegistryException Invalid(string detail) => new(RegistryErrorCode.ManifestInvalid, detail);

    // RFC 6838 type and subtype names (parameters are not allowed in a descriptor's mediaType). \z, not $: $ also
    // matches before a trailing newline.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex MediaTypeGrammar();
}
