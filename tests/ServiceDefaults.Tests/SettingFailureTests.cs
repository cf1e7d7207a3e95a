using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRegistry.ServiceDefaults;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.ServiceDefaults.Tests;

/// <summary>
/// The one line a host prints before it exits with status 1 on a bad setting: the full setting, the bad value and
/// what is allowed, from a validator or from the configuration binder itself.
/// </summary>
public sealed class SettingFailureTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void An_unknown_storage_kind_is_named_with_its_value_and_every_kind_there_is()
    {
        var error = Record.Exception(() => new ServiceCollection().AddRegistryBlobStore(Configuration(("Registry:Storage:Kind", "Tape"))));

        Assert.Equal("Bad setting: Registry:Storage:Kind is 'Tape'; it must be one of: FileSystem, S3.", SettingFailure.Describe(error!));
    }

    [Fact]
    public void A_storage_kind_given_as_a_number_the_enum_does_not_define_is_refused_like_a_name()
    {
        var error = Record.Exception(() => new ServiceCollection().AddRegistryBlobStore(Configuration(("Registry:Storage:Kind", "7"))));

        Assert.Equal("Bad setting: Registry:Storage:Kind is '7'; it must be one of: FileSystem, S3.", SettingFailure.Describe(error!));
    }

    [Theory]
    [InlineData("ProbeTimeout", "5s", "it must be a time span such as 00:05:00 (hh:mm:ss) or 30.00:00:00 (d.hh:mm:ss).")]
    [InlineData("SiloPort", "eleven", "it must be a whole number.")]
    public void A_value_the_binder_cannot_convert_is_named_with_the_form_it_must_take(string setting, string value, string expectation)
    {
        var error = Record.Exception(() => ReadCluster(("Registry:Cluster:Redis", "redis:6379"), ($"Registry:Cluster:{setting}", value)));

        Assert.Equal($"Bad setting: Registry:Cluster:{setting} is '{value}'; {expectation}", SettingFailure.Describe(error!));
    }

    [Fact]
    public void A_broken_rule_is_worded_by_its_validator()
    {
        var error = Record.Exception(() => ReadCluster(("Registry:Cluster:AdvertisedAddress", "silo-1")));

        var line = SettingFailure.Describe(error!);

        Assert.StartsWith("Bad setting: Registry:Cluster:Redis is not set;", line);
        Assert.Contains("Registry:Cluster:AdvertisedAddress is 'silo-1'; it must be an IP address", line);
    }

    [Theory]
    [InlineData("ClientDropTimeout", "00:00:00", "00:00:01")]
    [InlineData("GatewayListRefreshPeriod", "-00:00:05", "00:00:05")]
    public void A_period_that_is_not_positive_is_refused(string setting, string value, string example)
    {
        var error = Record.Exception(() => ReadCluster(("Registry:Cluster:Redis", "redis:6379"), ($"Registry:Cluster:{setting}", value)));

        Assert.Equal($"Bad setting: Registry:Cluster:{setting} is {value}; it must be positive, e.g. {example}.", SettingFailure.Describe(error!));
    }

    [Fact]
    public void Failures_of_several_sections_found_at_start_share_one_line()
    {
        var services = new ServiceCollection();
        // S3, so that the data directory is only checked at start.
        services.AddRegistryBlobStore(Configuration(("Registry:DataDirectory", " "), ("Registry:Storage:Kind", "S3")));
        services.AddOptions<RegistryClusterOptions>().Bind(Configuration(("Registry:Cluster:SiloPort", "0")).GetSection(RegistryClusterOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryClusterOptions>, RegistryClusterOptionsValidator>();

        var error = Record.Exception(() => services.BuildServiceProvider().GetRequiredService<IStartupValidator>().Validate());
        var line = SettingFailure.Describe(error!);

        Assert.IsType<AggregateException>(error);
        Assert.Contains("Registry:DataDirectory is empty", line);
        Assert.Contains("Registry:Cluster:SiloPort is 0", line);
        Assert.DoesNotContain('\n', line!);
    }

    [Fact]
    public void A_failure_message_that_spans_lines_is_printed_on_one()
    {
        var error = new OptionsValidationException("", typeof(RegistryOptions), ["Registry:Tls:CertificateFile is 'x'; it must hold a certificate:\nno PEM found\r\n"]);

        Assert.Equal("Bad setting: Registry:Tls:CertificateFile is 'x'; it must hold a certificate: no PEM found", SettingFailure.Describe(error));
    }

    [Fact]
    public void A_failure_that_is_not_about_a_setting_is_left_to_crash_with_its_stack_trace()
    {
        Assert.Null(SettingFailure.Describe(new InvalidOperationException("the silo could not bind its port")));
        Assert.Null(SettingFailure.Describe(new IOException("disk full", new InvalidOperationException("inner"))));
    }

    private RegistryClusterOptions ReadCluster(params (string Key, string Value)[] settings) =>
        ValidatedSettings.Read(Configuration(settings), RegistryClusterOptions.Section, new RegistryClusterOptionsValidator());

    /// <summary>The settings given, over a data directory of the test's own.</summary>
    private IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection([new("Registry:DataDirectory", _directory.Path)])
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
}
