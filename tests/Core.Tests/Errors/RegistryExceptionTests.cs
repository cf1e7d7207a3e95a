using System.Net;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Core.Tests.Errors;

/// <summary>What a refusal carries to the HTTP layer: the error, the client-facing detail and the status.</summary>
public sealed class RegistryExceptionTests
{
    [Fact]
    public void Exception_without_detail_uses_the_errors_message_and_status()
    {
        var exception = new RegistryException(RegistryErrorCode.BlobUnknown);
        Assert.Same(RegistryErrorCode.BlobUnknown, exception.Error);
        Assert.Null(exception.Detail);
        Assert.Equal(HttpStatusCode.NotFound, exception.Status);
        Assert.Equal(RegistryErrorCode.BlobUnknown.Message, exception.Message);
    }

    [Fact]
    public void Exception_with_detail_appends_it_to_the_message()
    {
        var exception = new RegistryException(RegistryErrorCode.ManifestInvalid, "layers[0].size is missing");
        Assert.Equal("layers[0].size is missing", exception.Detail);
        Assert.Equal("manifest invalid: layers[0].size is missing", exception.Message);
    }

    [Fact]
    public void Exception_with_another_status_keeps_the_code_but_answers_that_status()
    {
        // e.g. MANIFEST_UNKNOWN for a missing index child is answered 400, not 404.
        var exception = new RegistryException(RegistryErrorCode.ManifestUnknown, "child", HttpStatusCode.BadRequest);
        Assert.Same(RegistryErrorCode.ManifestUnknown, exception.Error);
        Assert.Equal(HttpStatusCode.BadRequest, exception.Status);
    }
}
