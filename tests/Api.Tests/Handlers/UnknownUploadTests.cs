using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>Upload URLs the registry never issued, or issued for another repository, name no upload.</summary>
[Collection(RegistryCollection.Name)]
public sealed class UnknownUploadTests(RegistryFixture registry)
{
    public static TheoryData<string, string> MethodsAndIds()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "GET", "PATCH", "PUT", "DELETE" })
        {
            foreach (var id in new[] { "garbage", "0b8c5a5e3d554c3e9f0c2f1f0c6d7e8a", "{0b8c5a5e-3d55-4c3e-9f0c-2f1f0c6d7e8a}", "3f1e9c2a-7b4d-4e8f-a1c6-5d2b8e9f0a17" })
            {
                data.Add(method, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndIds))]
    public async Task An_unknown_or_garbage_upload_id_is_blob_upload_unknown(string method, string id)
    {
        var location = $"/v2/{RepositoryNames.Unique("unknown-upload")}/blobs/uploads/{id}";

        using var response = await SendAsync(method, location, TestContent.RandomBytes(8));

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task An_upload_id_used_under_another_repository_is_unknown_and_its_session_is_untouched(string method)
    {
        var owner = RepositoryNames.Unique("unknown-upload");
        var content = TestContent.RandomBytes(8);
        var location = await registry.Client.StartUploadAsync(owner);
        var id = location.Split('/')[^1];

        using var response = await SendAsync(method, $"/v2/{RepositoryNames.Unique("unknown-upload")}/blobs/uploads/{id}", content);
        using var finished = await registry.Client.PutAsync(
            RegistryClient.WithQuery(location, "digest=" + TestContent.Sha256(content)), RegistryClient.Bytes(content));

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string method, string location, byte[] content) =>
        registry.Client.SendAsync(
            new HttpMethod(method),
            method == "PUT" ? RegistryClient.WithQuery(location, "digest=" + TestContent.Sha256(content)) : location,
            method is "PATCH" or "PUT" ? RegistryClient.Bytes(content) : null);
}
