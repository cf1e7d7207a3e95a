using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Retention;

namespace OrleansRegistry.Grains.Tests.Retention;

/// <summary>Retention settings a registry refuses to start with, each named with its value and what it must be.</summary>
public sealed class RetentionOptionsValidatorTests
{
    [Theory]
    [InlineData("Repositories", null, "Registry:Retention:Policies:0:Repositories is ''; it must be a repository glob")]
    [InlineData("Repositories", "CI/*", "Registry:Retention:Policies:0:Repositories is 'CI/*'")]
    [InlineData("KeepLast", 0, "Registry:Retention:Policies:0:KeepLast is 0; it must be at least 1")]
    [InlineData("Protect", "v?", "Registry:Retention:Policies:0:Protect has 'v?'")]
    [InlineData("DeleteOlderThan", "-1.00:00:00", "Registry:Retention:Policies:0:DeleteOlderThan is -1.00:00:00; it must not be negative")]
    public void A_bad_policy_is_named_with_its_setting(string setting, object? value, string expected)
    {
        var policy = new RetentionPolicyOptions { Repositories = "ci/*", KeepLast = 30 };
        switch (setting)
        {
            case "Repositories": policy.Repositories = (string?)value; break;
            case "KeepLast": policy.KeepLast = (int)value!; break;
            case "Protect": policy.Protect = [(string)value!]; break;
            case "DeleteOlderThan": policy.DeleteOlderThan = TimeSpan.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var result = Validate(new RetentionOptions { Policies = [policy] });

        Assert.Contains(result.Failures!, failure => failure.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_policy_that_deletes_nothing_is_refused()
    {
        var result = Validate(new RetentionOptions { Policies = [new RetentionPolicyOptions { Repositories = "ci/*", Protect = ["latest"] }] });

        Assert.Equal(["Registry:Retention:Policies:0 deletes nothing; give it KeepLast, DeleteOlderThan or UntaggedManifestAge."], result.Failures);
    }

    [Fact]
    public void No_policy_at_all_is_the_default_and_valid()
    {
        Assert.True(Validate(new RetentionOptions()).Succeeded);
    }

    [Fact]
    public void A_repository_follows_the_first_policy_that_names_it()
    {
        var policies = new RetentionPolicies(Options.Create(new RetentionOptions
        {
            Policies =
            [
                new RetentionPolicyOptions { Repositories = "ci/release-*", KeepLast = 100 },
                new RetentionPolicyOptions { Repositories = "ci/**", KeepLast = 5 },
            ],
        }));

        Assert.Equal(100, policies.For(RepositoryName.Parse("ci/release-app"))!.KeepLast);
        Assert.Equal(5, policies.For(RepositoryName.Parse("ci/team/app"))!.KeepLast);
        Assert.Null(policies.For(RepositoryName.Parse("prod/app")));
    }

    private static ValidateOptionsResult Validate(RetentionOptions options) => new RetentionOptionsValidator().Validate(null, options);
}
