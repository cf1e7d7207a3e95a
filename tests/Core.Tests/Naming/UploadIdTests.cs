using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Core.Tests.Naming;

/// <summary>Upload ids are GUIDs this registry made, in the 36-character form its Location URLs carry.</summary>
public sealed class UploadIdTests
{
    [Fact]
    public void An_upload_id_is_a_guid_in_its_canonical_form()
    {
        var id = Guid.NewGuid().ToString();

        Assert.Equal(id, UploadId.Parse(id).ToString());
    }

    [Fact]
    public void An_upper_case_upload_id_names_the_same_upload()
    {
        var id = Guid.NewGuid().ToString();

        Assert.Equal(UploadId.Parse(id), UploadId.Parse(id.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("0b8c5a5e3d554c3e9f0c2f1f0c6d7e8a")]
    [InlineData("{0b8c5a5e-3d55-4c3e-9f0c-2f1f0c6d7e8a}")]
    [InlineData("(0b8c5a5e-3d55-4c3e-9f0c-2f1f0c6d7e8a)")]
    [InlineData("../../etc/passwd")]
    public void Anything_but_a_hyphenated_guid_names_no_upload(string value)
    {
        var error = Assert.Throws<RegistryException>(() => UploadId.Parse(value));

        Assert.Equal(RegistryErrorCode.BlobUploadUnknown, error.Error);
    }
}
