using System.Text.Json.Nodes;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>Manifest bodies of every kind the registry serves, as clients serialize them.</summary>
public static class TestManifests
{
    public static byte[] OciImage(
        ContentDescriptor config,
        IEnumerable<ContentDescriptor> layers,
        ContentDescriptor? subject = null,
        string? artifactType = null,
        IReadOnlyDictionary<string, string>? annotations = null,
        bool declareMediaType = true)
    {
        var manifest = new JsonObject { ["schemaVersion"] = 2 };
        if (declareMediaType)
        {
            manifest["mediaType"] = MediaTypeNames.OciManifest;
        }

        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        manifest["config"] = config.ToJson();
        manifest["layers"] = new JsonArray(layers.Select(l => (JsonNode)l.ToJson()).ToArray());
        AddSubjectAndAnnotations(manifest, subject, annotations);
        return Serialize(manifest);
    }

    public static byte[] DockerImage(ContentDescriptor config, IEnumerable<ContentDescriptor> layers)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypeNames.DockerManifest,
            ["config"] = config.ToJson(),
            ["layers"] = new JsonArray(layers.Select(l => (JsonNode)l.ToJson()).ToArray()),
        };
        return Serialize(manifest);
    }

    public static byte[] OciIndex(
        IEnumerable<IndexEntry> manifests,
        ContentDescriptor? subject = null,
        string? artifactType = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = MediaTypeNames.OciIndex };
        if (artifactType is not null)
        {
            index["artifactType"] = artifactType;
        }

        index["manifests"] = Entries(manifests);
        AddSubjectAndAnnotations(index, subject, annotations);
        return Serialize(index);
    }

    public static byte[] DockerManifestList(IEnumerable<IndexEntry> manifests) => Serialize(new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypeNames.DockerManifestList,
        ["manifests"] = Entries(manifests),
    });

    private static JsonArray Entries(IEnumerable<IndexEntry> manifests) => new(manifests.Select(entry =>
    {
        var descriptor = entry.Manifest.ToJson();
        descriptor["platform"] = new JsonObject { ["architecture"] = entry.Architecture, ["os"] = entry.Os };
        return (JsonNode)descriptor;
    }).ToArray());

    private static void AddSubjectAndAnnotations(JsonObject manifest, ContentDescriptor? subject, IReadOnlyDictionary<string, string>? annotations)
    {
        if (subject is not null)
        {
            manifest["subject"] = subject.ToJson();
        }

        if (annotations is not null)
        {
            var node = new JsonObject();
            foreach (var (key, value) in annotations)
            {
                node[key] = value;
            }

            manifest["annotations"] = node;
        }
    }

    private static byte[] Serialize(JsonObject manifest) => TestContent.Utf8(manifest.ToJsonString());
}
