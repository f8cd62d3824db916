using SmartCity.Api.Security;
using SmartCity.TestSupport;

namespace SmartCity.Api.Tests.Open311;

/// <summary>A twin of its own for the api_key tests; its tests may move its clock.</summary>
public sealed class Open311KeyTwinFixture : TwinFixture
{
    /// <summary>An Open311 client application's key: this twin's API key with the operator role, who may file for any account.</summary>
    public static string ApiKey { get; } = TestCredentials.Token("open311-client-app", [Roles.Operator]);
}

/// <summary>Tests of Open311's api_key share this twin; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class Open311KeyTwin : ICollectionFixture<Open311KeyTwinFixture>
{
    public const string Name = "Twin for Open311 api_key";
}
