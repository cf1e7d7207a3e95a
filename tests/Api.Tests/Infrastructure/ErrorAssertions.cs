using System.Net;
using System.Text.Json;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>The spec's error shape: a JSON body <c>{"errors":[{"code","message","detail"}]}</c> with the right status.</summary>
public static class ErrorAssertions
{
    /// <summary>Asserts the status and the code of the first error, and returns that error's detail (if a string).</summary>
    public static async Task<string?> ShouldBeErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
        Assert.Equal("application/json", response.ContentType());

        using var document = JsonDocument.Parse(body);
        var errors = document.RootElement.GetProperty("errors");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.True(errors.GetArrayLength() > 0, "the errors array is empty");
        var error = errors[0];
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), "the error has no message");
        return error.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null;
    }

    /// <summary>A HEAD request's error: the status alone, as HEAD responses carry no body.</summary>
    public static async Task ShouldBeBodilessErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The same for a response read off a socket: status, the spec's error body, and its first code.</summary>
    public static string? ShouldBeError(this RawResponse response, int status, string code)
    {
        Assert.True(status == response.Status, $"expected {status} {code}, got {response.Status}: {response.BodyText}");
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
        Assert.StartsWith("application/json", response.Header("Content-Type"));

        using var document = JsonDocument.Parse(response.Body);
        var error = document.RootElement.GetProperty("errors")[0];
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), "the error has no message");
        return error.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null;
    }
}
