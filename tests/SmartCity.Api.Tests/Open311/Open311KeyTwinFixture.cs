namespace SmartCity.Api.Tests.Open311;

/// <summary>A twin of its own with Open311:ApiKey set; its tests may move its clock.</summary>
public sealed class Open311KeyTwinFixture : TwinFixture
{
    public const string ApiKey = "open311-test-key-5d1c";

    protected override IEnumerable<string> ExtraArguments => [$"--Open311:ApiKey={ApiKey}"];
}

/// <summary>Tests that need Open311:ApiKey set share this twin; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class Open311KeyTwin : ICollectionFixture<Open311KeyTwinFixture>
{
    public const string Name = "Twin with an Open311 api_key";
}
